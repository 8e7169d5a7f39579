"""Invented applicants for the generated wild documents: per-country pools and the persona builder.

Every person, number, address and e-mail here is invented. Numbers follow each country's real layout
(national format without the country code as often as with it), because that is what real CVs show.
Institutions and employers are real-world kinds of names (many named after people or places) so that
the keep strings test over-redaction; none of them is tied to a persona's identity.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- country pools
# f/m: first names, s: surnames (a "|" gives the female form after it), scr: other-script forms of some
# of the names (Latin -> script), phone: patterns ("#" = random digit), addr: residence forms abroad,
# nat: nationality adjective (da, en), lang: mother tongue (da, en), country: (da, en).

COUNTRIES: dict[str, dict] = {
    "DK": dict(origin="danish", f=["Signe", "Mette", "Katrine", "Freja", "Ida", "Louise", "Birthe"],
               m=["Rasmus", "Mikkel", "Jesper", "Anders", "Frederik", "Kim", "Bo"],
               s=["Kjærgaard", "Lauridsen", "Dalsgaard", "Vestergaard", "Juhl", "Kristoffersen", "Bech",
                  "Thygesen", "Skov"],
               mid=["Krog", "Bach", "Holm", "Due"],
               phone=["+45 ## ## ## ##", "########", "#### ####", "## ## ## ##", "+45 ########"],
               nat=("dansk", "Danish"), lang=("dansk", "Danish"), country=("Danmark", "Denmark")),
    "SE": dict(origin="swedish", f=["Elin", "Linnea", "Maja"], m=["Oskar", "Viktor", "Johan"],
               s=["Lindqvist", "Bergström", "Åkesson", "Sjöberg"],
               phone=["070-### ## ##", "+46 70 ### ## ##"],
               addr=["Storgatan 18, 211 34 Malmö", "Malmö, Sverige"],
               nat=("svensk", "Swedish"), lang=("svensk", "Swedish"), country=("Sverige", "Sweden")),
    "DE": dict(origin="german", f=["Svenja", "Katharina", "Lena"], m=["Tobias", "Florian", "Jonas"],
               s=["Schäfer", "Brandt", "von Ahlen", "Krüger"],
               phone=["0151 ########", "+49 151 #### ####"],
               addr=["Am Mühlenteich 7, 24937 Flensburg", "Lindenstraße 23, 10969 Berlin"],
               nat=("tysk", "German"), lang=("tysk", "German"), country=("Tyskland", "Germany")),
    "PL": dict(religion=("katolik", "Catholic"),
               origin="polish", f=["Agnieszka", "Magdalena", "Zofia"], m=["Krzysztof", "Paweł", "Tomasz"],
               s=["Wiśniewski|Wiśniewska", "Zieliński|Zielińska", "Kowalczyk", "Dąbrowski|Dąbrowska"],
               phone=["+48 5## ### ###", "5## ### ###"],
               addr=["ul. Długa 14/3, 80-831 Gdańsk"],
               nat=("polsk", "Polish"), lang=("polsk", "Polish"), country=("Polen", "Poland")),
    "UA": dict(origin="ukrainian", f=["Olena", "Iryna", "Oksana"], m=["Andriy", "Bohdan", "Taras"],
               s=["Kovalchuk", "Shevchuk", "Hrytsenko", "Melnyk"],
               scr={"Olena": "Олена", "Iryna": "Ірина", "Andriy": "Андрій", "Bohdan": "Богдан",
                    "Kovalchuk": "Ковальчук", "Shevchuk": "Шевчук", "Hrytsenko": "Гриценко",
                    "Melnyk": "Мельник", "Oksana": "Оксана", "Taras": "Тарас"},
               phone=["+380 67 ### ## ##", "067 ### ## ##"],
               addr=["vul. Sadova 12, kv. 4, Lviv"],
               nat=("ukrainsk", "Ukrainian"), lang=("ukrainsk", "Ukrainian"), country=("Ukraine", "Ukraine")),
    "RO": dict(origin="romanian", f=["Ioana", "Andreea"], m=["Mihai", "Bogdan"],
               s=["Popescu", "Dumitrescu", "Stănescu"],
               phone=["07## ### ###", "+40 7## ### ###"],
               addr=["Str. Mihai Eminescu 21, Cluj-Napoca"],
               nat=("rumænsk", "Romanian"), lang=("rumænsk", "Romanian"), country=("Rumænien", "Romania")),
    "TR": dict(origin="turkish", f=["Elif", "Zeynep", "Büşra"], m=["Emre", "Mehmet", "Burak"],
               s=["Yılmaz", "Öztürk", "Karakaya", "Çelik"],
               phone=["0532 ### ## ##", "+90 532 ### ## ##"],
               addr=["Kadıköy, İstanbul", "Moda Cad. No: 41 D: 5, Kadıköy, İstanbul"],
               nat=("tyrkisk", "Turkish"), lang=("tyrkisk", "Turkish"), country=("Tyrkiet", "Turkey")),
    "SY": dict(religion=("muslim", "Muslim"),
               origin="arabic", f=["Rasha", "Nour", "Lina"], m=["Rami", "Omar", "Hassan"],
               s=["Haddad", "Al-Khatib", "Darwish", "Al-Masri"],
               scr={"Rami": "رامي", "Haddad": "حداد", "Rasha": "رشا", "Darwish": "درويش"},
               phone=["+963 944 ### ###", "0944 ### ###"],
               addr=["Al-Malki, Damascus"],
               nat=("syrisk", "Syrian"), lang=("arabisk", "Arabic"), country=("Syrien", "Syria")),
    "IQ": dict(religion=("muslim", "Muslim"),
               origin="arabic", f=["Zainab", "Noor"], m=["Mustafa", "Haider"],
               s=["Al-Jubouri", "Kadhim", "Al-Saadi"],
               phone=["+964 770 ### ####", "0770 ### ####"],
               addr=["Karrada, Baghdad"],
               nat=("irakisk", "Iraqi"), lang=("arabisk", "Arabic"), country=("Irak", "Iraq")),
    "IR": dict(origin="iranian", f=["Shirin", "Parisa", "Maryam"], m=["Arash", "Kaveh", "Reza"],
               s=["Rahimi", "Tehrani", "Moradi"],
               scr={"Shirin": "شیرین", "Rahimi": "رحیمی", "Arash": "آرش", "Moradi": "مرادی"},
               phone=["0912 ### ####", "+98 912 ### ####"],
               addr=["Vali-Asr St., Tehran"],
               nat=("iransk", "Iranian"), lang=("persisk", "Persian"), country=("Iran", "Iran")),
    "AF": dict(religion=("muslim", "Muslim"),
               origin="afghan", f=["Freshta", "Mursal"], m=["Farid", "Habibullah"],
               s=["Sultani", "Noorzai", "Amiri"],
               phone=["+93 70 ### ####", "070 ### ####"],
               addr=["Karte Se, Kabul"],
               nat=("afghansk", "Afghan"), lang=("dari", "Dari"), country=("Afghanistan", "Afghanistan")),
    "PK": dict(religion=("muslim", "Muslim"),
               origin="pakistani", f=["Ayesha", "Hira", "Sana"], m=["Usman", "Bilal", "Hamza"],
               s=["Qureshi", "Chaudhry", "Siddiqui"],
               phone=["0300-#######", "+92 300 #######", "0321-#######"],
               addr=["Current location: Lahore", "House 12, Street 4, F-7/2, Islamabad"],
               nat=("pakistansk", "Pakistani"), lang=("urdu", "Urdu"), country=("Pakistan", "Pakistan")),
    "IN": dict(religion=("hindu", "Hindu"),
               origin="indian", f=["Kavya", "Ananya", "Priyanka"], m=["Arjun", "Vikram", "Rohit"],
               s=["Subramanian", "Iyer", "Reddy", "Nair"],
               phone=["98########", "+91 98### #####"],
               addr=["Flat 3B, Lakshmi Apartments, Indiranagar, Bengaluru 560038", "Current location: Pune"],
               nat=("indisk", "Indian"), lang=("tamil", "Tamil"), country=("Indien", "India")),
    "LK": dict(religion=("buddhist", "Buddhist"),
               origin="sri_lankan", f=["Tharushi", "Nadeesha"], m=["Kasun", "Dilan"],
               s=["Jayasinghe", "Wickramasinghe", "Perera"],
               phone=["077 ### ####", "+94 77 ### ####"],
               addr=["No. 45, Temple Road, Nugegoda"],
               nat=("srilankansk", "Sri Lankan"), lang=("singalesisk", "Sinhala"),
               country=("Sri Lanka", "Sri Lanka")),
    "CN": dict(origin="chinese", f=["Xiaoyu", "Jing", "Meiling"], m=["Haoran", "Jun", "Zhiwei"],
               s=["Chen", "Zhang", "Huang", "Liu"],
               scr={"Chen": "陈", "Zhang": "张", "Huang": "黄", "Liu": "刘", "Xiaoyu": "晓雨", "Jing": "静",
                    "Meiling": "美玲", "Haoran": "浩然", "Jun": "军", "Zhiwei": "志伟"},
               phone=["138 #### ####", "+86 138 #### ####"],
               addr=["Xuhui District, Shanghai"],
               nat=("kinesisk", "Chinese"), lang=("kinesisk (mandarin)", "Mandarin Chinese"),
               country=("Kina", "China")),
    "VN": dict(origin="vietnamese", f=["Thu Trang", "Ngoc Anh"], m=["Minh Quan", "Duc Anh"],
               s=["Nguyen", "Tran", "Pham"],
               phone=["091 ### ####", "+84 91 ### ####"],
               addr=["Cau Giay, Ha Noi"],
               nat=("vietnamesisk", "Vietnamese"), lang=("vietnamesisk", "Vietnamese"),
               country=("Vietnam", "Vietnam")),
    "PH": dict(religion=("katolik", "Catholic"),
               origin="filipino", f=["Maricel", "Kristine Joy"], m=["Jose Miguel", "Rodel"],
               s=["Dela Cruz", "Villanueva", "Bautista"],
               phone=["0917 ### ####", "+63 917 ### ####"],
               addr=["Brgy. San Roque, Marikina City"],
               nat=("filippinsk", "Filipino"), lang=("tagalog", "Tagalog"),
               country=("Filippinerne", "the Philippines")),
    "SO": dict(religion=("muslim", "Muslim"),
               origin="somali", f=["Ubah", "Sahra", "Faadumo"], m=["Abdikarim", "Liban", "Abdirahman"],
               s=["Jama", "Hirsi", "Aden", "Farah"],
               phone=["+252 61 ### ####"],
               addr=["Hodan District, Mogadishu"],
               nat=("somalisk", "Somali"), lang=("somali", "Somali"), country=("Somalia", "Somalia")),
    "ER": dict(religion=("kristen (ortodoks)", "Orthodox Christian"),
               origin="eritrean", f=["Senait", "Winta"], m=["Tesfay", "Dawit"],
               s=["Tesfamariam", "Ghebremedhin", "Kidane"],
               phone=["+291 7 ### ###"],
               addr=["Asmara, Eritrea"],
               nat=("eritreansk", "Eritrean"), lang=("tigrinya", "Tigrinya"), country=("Eritrea", "Eritrea")),
    "ET": dict(religion=("kristen (ortodoks)", "Orthodox Christian"),
               origin="ethiopian", f=["Meron", "Hiwot"], m=["Getachew", "Yohannes"],
               s=["Tadesse", "Alemu", "Girma"],
               phone=["091 ### ####", "+251 91 ### ####"],
               addr=["Bole, Addis Ababa"],
               nat=("etiopisk", "Ethiopian"), lang=("amharisk", "Amharic"), country=("Etiopien", "Ethiopia")),
    "NG": dict(origin="nigerian", f=["Chiamaka", "Funmilayo"], m=["Oluwaseun", "Emeka", "Chinedu"],
               s=["Okonkwo", "Adeyemi", "Balogun", "Eze"],
               phone=["0803 ### ####", "+234 803 ### ####"],
               addr=["14 Adeola Odeku Street, Victoria Island, Lagos"],
               nat=("nigeriansk", "Nigerian"), lang=("yoruba", "Yoruba"), country=("Nigeria", "Nigeria")),
    "GH": dict(origin="ghanaian", f=["Akosua", "Efua"], m=["Kwabena", "Yaw"],
               s=["Boateng", "Asante", "Owusu"],
               phone=["024 ### ####", "+233 24 ### ####"],
               addr=["East Legon, Accra"],
               nat=("ghanesisk", "Ghanaian"), lang=("twi", "Twi"), country=("Ghana", "Ghana")),
    "EG": dict(religion=("muslim", "Muslim"),
               origin="arabic", f=["Salma", "Heba"], m=["Mahmoud", "Karim"],
               s=["El-Sayed", "Abdel-Fattah", "Mostafa"],
               phone=["010########", "+20 10 #### ####", "012########"],
               addr=["12 El-Tahrir St., Dokki, Giza"],
               nat=("egyptisk", "Egyptian"), lang=("arabisk", "Arabic"), country=("Egypten", "Egypt")),
    "MA": dict(origin="arabic", f=["Imane", "Khadija"], m=["Youssef", "Anas"],
               s=["El Idrissi", "Bennani", "Amrani"],
               phone=["06##-######", "+212 6##-######"],
               addr=["Hay Riad, Rabat"],
               nat=("marokkansk", "Moroccan"), lang=("arabisk", "Arabic"), country=("Marokko", "Morocco")),
    "PS": dict(religion=("muslim", "Muslim"),
               origin="arabic", f=["Dina", "Reem"], m=["Khaled", "Tariq"],
               s=["Barghouti", "Qasem", "Abu Shanab"],
               phone=["0599 ### ###", "+970 599 ### ###"],
               addr=["Nablus, Palestine", "Rafidia, Nablus"],
               nat=("palæstinensisk", "Palestinian"), lang=("arabisk", "Arabic"), country=("Palæstina", "Palestine")),
    "BA": dict(religion=("muslim", "Muslim"),
               origin="bosnian", f=["Amra", "Lejla"], m=["Adnan", "Haris"],
               s=["Hodžić", "Begović", "Salihović"],
               phone=["061 ### ###", "+387 61 ### ###"],
               addr=["Titova 15, 71000 Sarajevo"],
               nat=("bosnisk", "Bosnian"), lang=("bosnisk", "Bosnian"),
               country=("Bosnien-Hercegovina", "Bosnia and Herzegovina")),
    "BR": dict(origin="brazilian", f=["Ana Carolina", "Juliana"], m=["João Pedro", "Rafael"],
               s=["da Silva Ferreira", "dos Santos", "Carvalho"],
               phone=["(11) 9####-####", "+55 11 9####-####"],
               addr=["Rua Augusta, 1508, apto 52, São Paulo - SP"],
               nat=("brasiliansk", "Brazilian"), lang=("portugisisk", "Portuguese"), country=("Brasilien", "Brazil")),
    "PE": dict(origin="peruvian", f=["Milagros", "Rosa María"], m=["Luis Alberto", "Jhonatan"],
               s=["Quispe Mamani", "Huamán", "Rojas Flores"],
               phone=["9## ### ###", "+51 9## ### ###"],
               addr=["Av. Arequipa 2450, Lince, Lima"],
               nat=("peruviansk", "Peruvian"), lang=("spansk", "Spanish"), country=("Peru", "Peru")),
    "CO": dict(origin="colombian", f=["María Fernanda", "Valentina"], m=["Juan Sebastián", "Andrés"],
               s=["Restrepo Cárdenas", "Ospina", "Gómez de la Torre"],
               phone=["310 ### ####", "+57 310 ### ####"],
               addr=["Calle 53 #24-17, Medellín", "Carrera 7 #45-10, Bogotá"],
               nat=("colombiansk", "Colombian"), lang=("spansk", "Spanish"), country=("Colombia", "Colombia")),
    "US": dict(origin="american", f=["Ashley", "Megan"], m=["Tyler", "Brandon"],
               s=["Whitaker", "Brennan", "Delgado"],
               phone=["(6##) 555-01##", "+1 3## 555 01##", "(2##) 555-01##"],
               addr=["4127 Maple Avenue, Columbus, OH 43215"],
               nat=("amerikansk", "American"), lang=("engelsk", "English"), country=("USA", "the United States")),
    "UK": dict(origin="british", f=["Siobhan", "Harriet"], m=["Callum", "Oliver"],
               s=["Pemberton", "Ashworth", "McAllister"],
               phone=["07700 9#####", "+44 7700 9#####"],
               addr=["Flat 2, 17 Wilmslow Road, Manchester M14 5TQ"],
               nat=("britisk", "British"), lang=("engelsk", "English"),
               country=("Storbritannien", "the United Kingdom")),
}

# Residences in Denmark: (street line, postcode + town). Street lines carry floor/side forms.
DK_STREETS = ["Nørrebrogade 112, 3. tv.", "Jagtvej 27, st. th.", "Tagensvej 88, 4. mf.", "Ryesgade 31, 2. th.",
              "Ålekistevej 201, 1. tv.", "Kildevældsgade 15", "Hørsholmvej 9", "Søndre Fasanvej 40, 5. th.",
              "Bispebjerg Parkallé 6, 2.", "Vesterbrogade 73B, 3. sal", "Frederikssundsvej 150, 1. th.",
              "Engvej 4", "Skt. Clemens Torv 8, 2. tv."]
DK_TOWNS = ["2200 København N", "2300 København S", "2500 Valby", "2720 Vanløse", "2650 Hvidovre",
            "2605 Brøndby", "8000 Aarhus C", "8200 Aarhus N", "5000 Odense C", "9000 Aalborg", "6700 Esbjerg",
            "2630 Taastrup", "2400 København NV", "4000 Roskilde", "7100 Vejle", "2450 København SV"]

# --------------------------------------------------------------------------- careers (keep strings)
# (da title, en title, sector). Employers / schools are real-world kinds: many carry a person's or a
# town's name, which must survive redaction.
JOBS = [
    ("Sagsbehandler", "Caseworker", "public"), ("Socialrådgiver", "Social worker", "public"),
    ("Sygeplejerske", "Nurse", "health"), ("Social- og sundhedsassistent", "Healthcare assistant", "health"),
    ("Pædagog", "Early childhood educator", "edu"), ("Lærer", "Teacher", "edu"),
    ("Softwareudvikler", "Software developer", "it"), ("IT-supporter", "IT support technician", "it"),
    ("Dataanalytiker", "Data analyst", "it"), ("Bygningsingeniør", "Structural engineer", "eng"),
    ("Projektleder", "Project manager", "eng"), ("Bogholder", "Bookkeeper", "fin"),
    ("Regnskabsassistent", "Accounting assistant", "fin"), ("Tolk", "Interpreter", "public"),
    ("Lagerarbejder", "Warehouse operative", "logistics"), ("Chauffør", "Driver", "logistics"),
    ("Kok", "Chef", "service"), ("Butiksassistent", "Shop assistant", "service"),
]
EMPLOYERS_DK = {
    "public": ["Københavns Kommune", "Aarhus Kommune", "Udbetaling Danmark", "Borgerservice Valby",
               "Jobcenter Ishøj"],
    "health": ["Rigshospitalet", "Bispebjerg Hospital", "Plejecenter Sølund", "Steno Diabetes Center Aarhus",
               "Region Hovedstaden"],
    "edu": ["Ole Rømer Skolen", "Johannes Larsen Friskole", "Børnehuset Mælkebøtten",
            "Tycho Brahe Gymnasium", "Karen Blixen Børnehave"],
    "it": ["Netcompany", "Systematic", "Ørsted", "Danske Bank", "Trifork"],
    "eng": ["Rambøll", "COWI", "A.P. Møller - Mærsk", "Per Aarsleff", "MT Højgaard"],
    "fin": ["Deloitte", "Salling Group", "Jysk", "Bestseller", "Arla Foods"],
    "logistics": ["DSV", "PostNord", "Dagrofa", "Lidl Danmark"],
    "service": ["Netto Nørrebrogade", "Meyers Køkkener", "Irma Østerbro", "Joe & The Juice"],
}
EMPLOYERS_ABROAD = {
    "public": ["Ministry of Labour", "UNHCR Field Office", "Municipality of {city}"],
    "health": ["{city} General Hospital", "Médecins Sans Frontières", "Red Crescent Clinic"],
    "edu": ["{city} International School", "British Council", "Al-Farabi Secondary School"],
    "it": ["Infosys", "Tata Consultancy Services", "Huawei Technologies", "Accenture"],
    "eng": ["Siemens", "Bechtel", "Larsen & Toubro", "ENKA İnşaat"],
    "fin": ["HSBC", "KPMG", "Ernst & Young", "Standard Chartered"],
    "logistics": ["DHL Express", "Aramex", "Maersk Line"],
    "service": ["Hilton {city}", "Marriott", "Starbucks"],
}
CITIES = {"SE": "Malmö", "DE": "Hamburg", "PL": "Gdańsk", "UA": "Lviv", "RO": "Cluj-Napoca", "TR": "İzmir",
          "SY": "Aleppo", "IQ": "Erbil", "IR": "Shiraz", "AF": "Herat", "PK": "Karachi", "IN": "Chennai",
          "LK": "Colombo", "CN": "Shanghai", "VN": "Da Nang", "PH": "Cebu", "SO": "Hargeisa", "ER": "Asmara",
          "ET": "Addis Ababa", "NG": "Ibadan", "GH": "Kumasi", "EG": "Alexandria", "MA": "Casablanca",
          "PS": "Ramallah", "BA": "Tuzla", "BR": "Campinas", "PE": "Arequipa", "CO": "Cali", "US": "Boston",
          "UK": "Leeds", "DK": "Odense"}
UNIVERSITIES = {
    "DK": ["Københavns Universitet", "Aarhus Universitet", "Niels Brock", "Københavns Professionshøjskole",
           "Danmarks Tekniske Universitet", "VIA University College"],
    "SE": ["Lunds universitet", "Karolinska Institutet"], "DE": ["Humboldt-Universität zu Berlin",
                                                               "Ludwig-Maximilians-Universität München"],
    "PL": ["Adam Mickiewicz University", "Politechnika Gdańska"],
    "UA": ["Taras Shevchenko National University of Kyiv", "Ivan Franko National University of Lviv"],
    "RO": ["Babeș-Bolyai University", "Universitatea Alexandru Ioan Cuza"],
    "TR": ["Boğaziçi Üniversitesi", "Dokuz Eylül Üniversitesi"], "SY": ["Damascus University", "University of Aleppo"],
    "IQ": ["University of Baghdad", "Salahaddin University"], "IR": ["Sharif University of Technology",
                                                                   "Ferdowsi University of Mashhad"],
    "AF": ["Kabul University", "Herat University"], "PK": ["Allama Iqbal Open University",
                                                            "Lahore University of Management Sciences"],
    "IN": ["Anna University", "Jawaharlal Nehru University"], "LK": ["University of Peradeniya",
                                                                     "University of Sri Jayewardenepura"],
    "CN": ["Fudan University", "Sun Yat-sen University"], "VN": ["Hanoi University of Science and Technology"],
    "PH": ["Ateneo de Manila University", "University of Santo Tomas"], "SO": ["Somali National University"],
    "ER": ["Eritrea Institute of Technology"], "ET": ["Addis Ababa University", "Haramaya University"],
    "NG": ["Obafemi Awolowo University", "Ahmadu Bello University"],
    "GH": ["Kwame Nkrumah University of Science and Technology"], "EG": ["Ain Shams University", "Cairo University"],
    "MA": ["Université Mohammed V de Rabat"], "PS": ["Birzeit University", "An-Najah National University"],
    "BA": ["Univerzitet u Sarajevu"], "BR": ["Universidade de São Paulo", "Universidade Federal de Minas Gerais"],
    "PE": ["Universidad Nacional Mayor de San Marcos", "Pontificia Universidad Católica del Perú"],
    "CO": ["Pontificia Universidad Javeriana", "Universidad de Antioquia"], "US": ["Ohio State University"],
    "UK": ["University of Leeds", "Manchester Metropolitan University"],
}
DEGREES = {
    "public": [("Professionsbachelor i socialt arbejde", "BA in Social Work")],
    "health": [("Professionsbachelor i sygepleje", "BSc in Nursing")],
    "edu": [("Professionsbachelor i pædagogik", "BEd in Early Childhood Education")],
    "it": [("Cand.scient. i datalogi", "MSc in Computer Science"), ("Datamatiker", "AP Degree in Computer Science")],
    "eng": [("Cand.polyt. i byggeri", "MSc in Civil Engineering")],
    "fin": [("HD i regnskab", "BSc in Accounting and Finance")],
    "logistics": [("Logistikøkonom", "Diploma in Logistics")],
    "service": [("Erhvervsuddannelse som ernæringsassistent", "Vocational diploma in Catering")],
}
SKILLS = {
    "it": ["Python", "Jenkins", "Kafka", "Django", "Cassandra", "PostgreSQL", "Docker", "Julia", "Hudson",
           "Ansible", "React", "Pascal"],
    "eng": ["AutoCAD", "Revit", "Rhino", "Grasshopper", "Tekla Structures", "Primavera P6", "Robot Structural"],
    "fin": ["Navision", "Sage 50", "e-conomic", "Excel", "SAP FI", "Dynamics 365"],
    "public": ["KMD Nexus", "Sensum", "Momentum", "Workzone", "Excel"],
    "health": ["Sundhedsplatformen", "Medicinhåndtering", "Sårpleje", "Epic", "Førstehjælp"],
    "edu": ["Tegn og tal", "Sprogvurdering", "Aula", "Motorik", "Musik"],
    "logistics": ["Truckcertifikat B", "WMS", "SAP EWM", "ADR-bevis"],
    "service": ["HACCP", "Hygiejnebevis", "Kassesystem", "Bagning"],
}
# Danish and English surnames that double as skills: used in skills lines (hard negatives).
REFEREE_FIRST = ["Lone", "Henrik", "Birgit", "Niels", "Hanne", "Torben", "Grethe", "Claus", "Fatima", "Samir",
                 "Dorthe", "Ulrik"]
REFEREE_LAST = ["Ravnsborg", "Sønderskov", "Abildgaard", "Lykkegaard", "Mølgaard", "Brix", "Rosendahl",
                "El-Amin", "Wahlgren", "Frandsen"]


# --------------------------------------------------------------------------- persona


@dataclass
class Person:
    """An invented applicant."""

    cc: str
    origin: str
    danish_origin: bool
    gender: str  # "f" or "m"
    first: str
    last: str
    middle: str = ""
    script_name: str = ""  # the name in another script, written beside the Latin one
    surname_first: bool = False
    email: str = ""
    phone: str = ""
    phone_dk: str = ""  # a Danish number beside the foreign one (recent arrivals keep both)
    street: str = ""
    town: str = ""
    abroad: str = ""  # residence written abroad-style ("Current location: Lahore")
    birth: dt.date = dt.date(1990, 1, 1)
    linkedin: str = ""
    github: str = ""
    website: str = ""
    job: tuple[str, str, str] = ("", "", "")
    jobs: list[tuple[str, str, str, str]] = field(default_factory=list)  # period-less: (da, en, employer, town)
    degree: tuple[str, str] = ("", "")
    school: str = ""
    school2: str = ""
    skills: list[str] = field(default_factory=list)
    married: bool = False
    children: int = 0
    arrived: int = 0  # year of arrival in Denmark (0 = born there)
    referees: list[tuple[str, str]] = field(default_factory=list)  # (name, phone)
    years: list[int] = field(default_factory=list)

    @property
    def full(self) -> str:
        parts = [self.last, self.first] if self.surname_first else [self.first, self.middle, self.last]
        return " ".join(p for p in parts if p)

    @property
    def country(self) -> dict:
        return COUNTRIES[self.cc]

    def initials_form(self) -> str:
        """'A. B. Chowdhury' / 'T.-T. Nguyen' / 'MK Holm' style of the name."""
        firsts = (self.first + (" " + self.middle if self.middle else "")).split()
        if self.cc == "DK" and len(firsts) > 1:  # "IK Kjærgaard"
            return "".join(p[0] for p in firsts) + " " + self.last
        if "-" in self.first or len(firsts) == 1 and self.cc in {"VN"}:
            return ".-".join(p[0] for p in self.first.replace("-", " ").split()) + ". " + self.last
        return " ".join(p[0] + "." for p in firsts) + " " + self.last

    def age(self, on: dt.date) -> int:
        return on.year - self.birth.year - ((on.month, on.day) < (self.birth.month, self.birth.day))


def fill(rng: random.Random, pattern: str) -> str:
    """A pattern with every '#' replaced by a random digit."""
    return re.sub("#", lambda _m: str(rng.randint(0, 9)), pattern)


def _ascii(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ı": "i", "ł": "l", "ß": "ss", "đ": "d"})
    import unicodedata

    text = text.lower().translate(table)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in " -")).strip()


def dk_phone(rng: random.Random) -> str:
    """A Danish 8-digit number (first digit 2-9) in one of the groupings CVs use."""
    digits = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    pattern = rng.choice(COUNTRIES["DK"]["phone"])
    it = iter(digits)
    return re.sub("#", lambda _m: next(it), pattern)


def make_person(rng: random.Random, cc: str, *, in_denmark: bool, today: dt.date) -> Person:
    """A persona of country ``cc``; ``in_denmark`` gives a Danish residence and phone."""
    c = COUNTRIES[cc]
    gender = rng.choice("fm")
    first = rng.choice(c[gender])
    last = rng.choice(c["s"])
    if "|" in last:
        last = last.split("|")[1 if gender == "f" else 0]
    middle = rng.choice(c["mid"]) if "mid" in c and rng.random() < 0.5 else ""
    p = Person(cc=cc, origin=c["origin"], danish_origin=cc == "DK", gender=gender, first=first, last=last,
               middle=middle)
    p.surname_first = cc == "CN" and rng.random() < 0.6
    scr = c.get("scr", {})
    if cc == "CN":  # Chinese order, no space: surname then given name
        p.script_name = scr[last] + scr[first]
    elif first in scr and last in scr:
        p.script_name = f"{scr[first]} {scr[last]}"
    user = _ascii(first).split()[0]
    surname = _ascii(last).replace(" ", "")
    domain = rng.choice(["gmail.com", "outlook.com", "hotmail.com", "yahoo.com"] +
                        (["mail.dk", "live.dk", "outlook.dk"] if in_denmark else []))
    p.email = rng.choice([f"{user}.{surname}@{domain}", f"{user}{surname[:4]}{rng.randint(1, 99)}@{domain}",
                          f"{user[0]}{surname}@{domain}"])
    if in_denmark:
        p.phone = dk_phone(rng)
        if cc != "DK" and rng.random() < 0.35:
            p.phone_dk, p.phone = p.phone, fill(rng, rng.choice(c["phone"]))
        p.street = rng.choice(DK_STREETS)
        p.town = rng.choice(DK_TOWNS)
    else:
        p.phone = fill(rng, rng.choice(c["phone"]))
        p.abroad = rng.choice(c["addr"])
    p.birth = dt.date(rng.randint(1968, 2001), rng.randint(1, 12), rng.randint(1, 28))
    slug = f"{user}-{surname}" if rng.random() < 0.6 else f"{user[0]}{surname}{rng.randint(2, 90)}"
    p.linkedin = slug
    p.github = f"{user[:3]}{surname[:5]}" if rng.random() < 0.5 else f"{user}{rng.randint(10, 99)}"
    sector_jobs = JOBS
    p.job = rng.choice(sector_jobs)
    sector = p.job[2]
    city = CITIES.get(cc, "Odense")
    emp_dk = rng.sample(EMPLOYERS_DK[sector], 2)
    emp_abroad = rng.choice(EMPLOYERS_ABROAD[sector]).format(city=city)
    p.jobs = [(p.job[0], p.job[1], emp_dk[0], rng.choice(["København", "Aarhus", "Odense", "Aalborg"])),
              (p.job[0] if rng.random() < 0.5 else "Praktikant", p.job[1] if rng.random() < 0.5 else "Intern",
               emp_dk[1], "København")]
    if cc != "DK":
        p.jobs.append((p.job[0], p.job[1], emp_abroad, city))
    p.degree = rng.choice(DEGREES[sector])
    p.school = rng.choice(UNIVERSITIES[cc])
    p.school2 = rng.choice(UNIVERSITIES["DK"])
    p.skills = rng.sample(SKILLS.get(sector, SKILLS["it"]), min(5, len(SKILLS.get(sector, SKILLS["it"]))))
    p.married = rng.random() < 0.5
    p.children = rng.choice([0, 0, 1, 2, 3])
    p.arrived = 0 if cc == "DK" or not in_denmark else rng.randint(2008, 2022)
    refs = []
    for _ in range(2):
        rn = f"{rng.choice(REFEREE_FIRST)} {rng.choice(REFEREE_LAST)}"
        refs.append((rn, dk_phone(rng)))
    p.referees = refs
    end = today.year
    y = sorted(rng.sample(range(max(p.birth.year + 20, 2004), end), 4))
    p.years = y
    return p
