"""Contact details: e-mail, phone numbers, street addresses, postcode + town, personal URLs and handles."""

from __future__ import annotations

import re

import phonenumbers

from redactor.detect.rules.common import (
    DASH,
    LO,
    UP,
    Gazetteers,
    RuleHit,
    fold,
    gated,
    has_digit,
    is_compact_date,
    line_span,
    lower_same_length,
    overlaps,
    value_end,
    value_start,
)
from redactor.types import Category

Span = tuple[int, int]
_DIGIT_RE = re.compile(r"\d")

# ---------------------------------------------------------------------------------------------- e-mail
_AT_RE = re.compile(r" ?(?:@|\(at\)|\[at\]|\{at\}) ?", re.IGNORECASE)
_LOCAL_BEFORE_RE = re.compile(r"(?<![\w.+'-])[\w.+'-]{1,64}$")
_DOMAIN_RE = re.compile(
    r"[\w-]{1,63}(?:(?:\.| ?(?:\(dot\)|\[dot\]) ?)[\w-]{1,63})*(?:\.| ?(?:\(dot\)|\[dot\]) ?)[A-Za-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------- phone
_PHONE_LABEL = (
    r"(?:tlf|telefon(?:nummer|nr)?|mobil(?:nummer|nr|telefon)?|mob|phone(?:\s+number)?|tel|telephone|cell(?:phone)?|"
    r"mobile(?:\s+phone)?|handy|ring|call|whatsapp|signal|viber|privat|direct|direkte|arbejde|work|home|hjem|"
    r"(?:call|ring\s+til|ring|reach|contact|kontakt|text|sms)\s+(?:me|mig)(?:\s+(?:at|on|by\s+phone\s+at|på|på\s+tlf\.?))?)"
)
_PHONE_LABEL_BEFORE_RE = re.compile(
    rf"(?:(?<![\w]){_PHONE_LABEL}\.?|(?:^|(?<=[\s|•·,]))[TMP](?=\s*[:.]))\s*(?:nr\.?|no\.?)?\s*[:.]?[ \t]*[+(]*$",
    re.IGNORECASE,
)
# a run of digits with phone punctuation, digit first (the fast scan); prefixes are looked at around it
_RUN_RE = re.compile(r"\d[\d \t().\-\u2010\u2011\u2013]{4,22}\d")
_DK_PREFIX = r"(?:\(\s*\+\s*45\s*\)|\+\s?45|\(0045\)|0045)[\s.\-]*"
_DK_BODY = (
    r"(?:\d{2}(?P<s1>[ .\-])\d{2}(?P=s1)\d{2}(?P=s1)\d{2}"  # 12 34 56 78
    r"|\d{4}[ \-]\d{4}"  # 1234 5678
    r"|\d{8}"  # 12345678
    r"|\d{2}[ ]\d{3}[ ]\d{3}|\d{3}[ ]\d{2}[ ]\d{3})"  # 12 345 678 / 123 45 678
)
_DK_RE = re.compile(rf"(?<![\w+/.,])(?<!\d[ .\-])(?P<prefix>{_DK_PREFIX})?(?P<body>{_DK_BODY})(?![\w/]|[ .,\-]\d|\.\d)")
_INTL_RE = re.compile(
    r"(?<![\w+])(?P<num>(?:\+|00)[1-9]\d{0,2}(?:[ .\-\u2010\u2013]?\(?\d{1,5}\)?){2,7})(?![\w]|[ .\-]\d)"
)
_NEG_BEFORE_RE = re.compile(
    r"\b(?:cvr|se|ean|p|reg|konto|kontonr|account|iban|bank|faktura\w*|invoice|ordre\w*|order|kunde\w*|"
    r"customer|sags?|sagsnr|case|journal\w*|j|serie\w*|serial|vare\w*|item|isbn|issn|id|ref|postboks|pnr|"
    r"bestilling\w*|medlem\w*|member\w*|ticket|billet\w*)\.?\s*[-.]?\s*(?:nr|no|nummer|number)?\.?\s*[:.#]?\s*$",
    re.IGNORECASE,
)
_NEG_AFTER_RE = re.compile(r"^\s*(?:kr\b|kr\.|dkk|eur|€|\$|usd|,-|timer|hours|stk|%|km|m2|m²|kg)", re.IGNORECASE)
_YEAR_PAIR_RE = re.compile(rf"^(?:19|20)\d\d\s*[{DASH}/ ]\s*(?:19|20)\d\d$")

# ---------------------------------------------------------------------------------------------- address
_ADDR_LABEL = gated(
    r"(?<![\w])(?:adresse|address|bopæl|hjemmeadresse|home\s+address|postadresse|postal\s+address|"
    r"residence|bor\s+på)\s*:[ \t]*",
    "adresse address bopæl residence bor",
)
_STREET_SUFFIX = (
    r"vej|vejen|gade|gaden|allé|alle|stræde|strædet|boulevard|vænget|vænge|torv|torvet|plads|pladsen|parken|"
    r"bakken|bakke|højen|toften|vangen|stien|kaj|kajen|haven|engen|løkken|lunden|kvarter|have|park|bro|dige|"
    r"diget|gård|gården|vang|hegn|holm|huse|mark|marken|sti|skov|tofte|vej\.|landevej|hus|bygade"
)
_SUFFIX_WORD_RE = re.compile(rf"^[{UP}][{LO}{UP}.'’-]{{2,}}(?:{_STREET_SUFFIX.replace('|', '|')})$")
_SEPARATE_SUFFIX = frozenset(
    [
        "vej",
        "gade",
        "allé",
        "alle",
        "stræde",
        "boulevard",
        "plads",
        "torv",
        "vænge",
        "vænget",
        "passage",
        "kvarter",
        "park",
        "have",
        "bakke",
        "bakken",
        "landevej",
        "stræde",
        "sti",
    ]
)
_HOUSE_NO_RE = re.compile(
    rf"(?P<no>\d(?<![\w.,/-]\d)\d{{0,2}}(?:\s?[A-Za-z](?![\w]))?(?:\s?[{DASH}]\s?\d{{1,3}}[A-Za-z]?)?)"
    rf"(?![\w]|[.,]\d|\s*(?:år|års|aar|years?|yrs?|timer|hours|%|kr|dkk|mio|mia|stk|pct|procent|medarbejdere|"
    rf"ansatte|employees|gange|times|m2|m²|km|kg|point|ects|uger|weeks|måneder|months|dage|days)\b)"
)
_FLOOR_RE = re.compile(
    r",?\s*(?:(?:\d{1,2}\.?\s*(?:sal|th|tv|mf|t\.h\.|t\.v\.)\.?|st\.?|kl\.?|\d{1,2}\.?)(?:\s*,?\s*"
    r"(?:th|tv|mf|t\.h\.|t\.v\.|\d{1,4})\.?)?|\d{1,2}\.?\s*(?:th|tv|mf)\.?)(?![\w])",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"[^\s,;:|]+")
_STREET_JOINERS = frozenset(
    ["og", "den", "de", "af", "i", "ved", "på", "til", "sankt", "st.", "gl.", "ny", "nye", "gammel", "store", "lille"]
)
_POSTCODE_RE = re.compile(
    rf"(?P<pc>\d(?<![\w.,/]\d)\d{{3}})[ \t]+(?P<town>[{UP}][{LO}{UP}.'’-]*"
    rf"(?:[ \t-][{UP}][{LO}{UP}.'’-]*){{0,3}}(?:[ \t](?:NV|SV|NØ|SØ|N|S|V|Ø|C|K))?)(?![\w])"
)
_TOWN_ALIASES = {
    "copenhagen": "koebenhavn",
    "kbh": "koebenhavn",
    "kbh.": "koebenhavn",
    "cph": "koebenhavn",
    "arhus": "aarhus",
    "aarhus": "aarhus",
    "aalborg": "aalborg",
    "alborg": "aalborg",
    "elsinore": "helsingoer",
}
_COUNTRY_WORDS = frozenset({"danmark", "denmark", "dk", "tlf", "telefon", "mobil", "email", "e-mail", "phone"})
_EN_STREET_RE = re.compile(
    rf"\d(?<![\w.,/-]\d)\d{{0,3}}[A-Za-z]?,?\s+(?:[{UP}][{LO}]+\s+){{1,3}}(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|"
    r"Lane|Ln\.|Drive|Close|Way|Court|Ct\.|Place|Pl\.|Square|Sq\.|Crescent|Terrace|Boulevard|Blvd\.?|Gardens|"
    r"Grove|Row|Mews|Parkway|Strasse|Straße|Ulica|Caddesi|Sokak|Sokağı)(?![\w])"
)
# where the writer lives, said in prose: "I live in Valby", "jeg bor i Brønshøj med min familie"
_LIVE_IN = gated(
    r"(?<![\w])(?i:I\s+(?:currently\s+)?(?:live|reside)\s+in|I(?:'m|’m|\s+am)\s+(?:currently\s+)?(?:based|living|"
    r"settled)\s+in|jeg\s+(?:bor|er\s+bosat|er\s+bosiddende)\s+(?:nu\s+)?(?:i|på)|vi\s+bor\s+(?:nu\s+)?(?:i|på))\s+"
    rf"(?P<place>[{UP}][{LO}{UP}'’.\-]+(?:\s[{UP}][{LO}{UP}'’.\-]+){{0,2}}(?:\s(?:NV|SV|NØ|SØ|N|S|V|Ø|C|K))?)"
    r"(?![\w])",
    "live reside based living settled bor bosat bosiddende",
    flags=0,
)
_UK_POSTCODE_RE = re.compile(r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w])")

# ---------------------------------------------------------------------------------------------- url
_TLDS = (
    "com|dk|net|org|io|me|info|eu|de|se|no|uk|co\\.uk|dev|app|site|online|tech|xyz|page|blog|name|biz|"
    "pl|tr|ua|nl|fr|es|pk|ir|vn|so|ru|fi|is|at|ch|be|pt|us|ca|au|ro|bg|lt|lv|ee|gr|hr|rs|ba|al|pro|art|design|"
    "studio|works|one|link|ly|gl|fo|ai|cc|tv|ws|ink|space|website|live|life|email|cloud|codes|net\\.pk|com\\.tr"
)
_URL_HINT_RE = re.compile(rf"https?://|www\.|\.(?:{_TLDS})(?![\w-])", re.IGNORECASE)
_TOKEN_START_RE = re.compile(r"[^\s<>\"'()\[\]{}|,;]*$")
_URL_RE = re.compile(
    r"(?<![\w@.\-/])(?:(?:https?://|www\.)[^\s<>\"'()\[\]{}|,;]+"
    rf"|(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})(?![\w.\-]|\.[a-z])(?:/[^\s<>\"'()\[\]{{}}|,;]*)?)",
    re.IGNORECASE,
)
_PROFILE_HOSTS = re.compile(
    r"^(?:[\w-]+\.)?(?:linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|twitter\.com|x\.com|instagram\.com|"
    r"facebook\.com|fb\.com|tiktok\.com|youtube\.com|medium\.com|behance\.net|dribbble\.com|"
    r"stackoverflow\.com|researchgate\.net|orcid\.org|scholar\.google\.[a-z.]+|about\.me|linktr\.ee|wa\.me|"
    r"t\.me|threads\.net|snapchat\.com|pinterest\.com|vimeo\.com|soundcloud\.com|kaggle\.com|"
    r"academia\.edu|xing\.com|mastodon\.social|bsky\.app|substack\.com|flickr\.com|tumblr\.com|reddit\.com)$",
    re.IGNORECASE,
)
_PERSONAL_HOSTS = re.compile(
    r"(?:\.github\.io|\.gitlab\.io|\.netlify\.app|\.vercel\.app|\.wixsite\.com|\.wordpress\.com|\.blogspot\.com|"
    r"\.squarespace\.com|\.carrd\.co|\.webflow\.io|\.pages\.dev|\.weebly\.com|\.substack\.com|\.medium\.com|"
    r"\.simplesite\.com|\.one\.com|\.jimdosite\.com|\.jimdo\.com|\.strikingly\.com|sites\.google\.com)$",
    re.IGNORECASE,
)
_DEGREE_PREFIX = re.compile(
    r"^(?:cand|mag|dr|lic|exam|stud|bach|ph|ba|ma|bsc|msc|b|m|hd|ha|fil|art|phil|scient|merc|jur|med|polyt|"
    r"theol|psych|oecon|soc|pæd|act|arch|comm|it|ling|negot|public|techn|tech|agro|odont|pharm|vet|silv|"
    r"lect|mus|ing|inkl|evt|bl|f|mv|osv|pga|jf|ca|mht|vedr|nr|tlf|att|fx|dvs|mm)$",
    re.IGNORECASE,
)
_URL_CONTEXT_RE = re.compile(
    r"(?:web(?:site|side)?|hjemmeside|homepage|portfolio|blog|site|url|profil|profile|linkedin|github|www|"
    r"personlig|personal|kontakt|contact|e-?mail|mail|tlf|telefon|phone|mobil)\s*[:|]",
    re.IGNORECASE,
)
_PLATFORM_LABEL = gated(
    r"(?<![\w])(?:linked\s?in|github|gitlab|twitter|x|instagram|insta|facebook|fb|skype|snapchat|snap|tiktok|"
    r"telegram|discord|threads|mastodon|bluesky|youtube|behance|dribbble|kaggle|medium)\s*[:|]\s*"
    r"(?P<v>@?[A-Za-z0-9_][\w.\-/]{1,60})",
    "linked github gitlab twitter x: x | x| instagram insta facebook fb skype snap tiktok telegram discord threads "
    "mastodon bluesky youtube behance dribbble kaggle medium",
)
_HANDLE_RE = re.compile(r"(?<![\w@./\-])@(?P<h>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@-]|\.\w)")
_FREE_MAIL = frozenset(
    [
        "gmail",
        "hotmail",
        "outlook",
        "live",
        "yahoo",
        "icloud",
        "me",
        "mail",
        "protonmail",
        "proton",
        "msn",
        "aol",
        "gmx",
        "yandex",
        "hotmail.co",
        "jubii",
        "webspeed",
        "stofanet",
        "email",
        "privat",
    ]
)


_FIELD_SEPS = "·|•▪●■◦,;/"


def _standalone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` fills its line, or its field between separators (· | • , ;), alone.

    An icon glyph (private-use character, pictograph) or a "+"/"(" before the number may share its field.
    """
    ls, le = line_span(text, start)
    before = text[ls:start].rstrip(" \t\u00a0+(")
    after = text[end:le].lstrip(" \t\u00a0)")
    before_ok = not before or before[-1] in _FIELD_SEPS or _is_icon(before[-1])
    after_ok = not after or after[0] in _FIELD_SEPS
    return before_ok and after_ok


def _is_icon(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or 0x2600 <= o <= 0x27BF or 0x1F300 <= o <= 0x1FAFF


class ContactRecognizer:
    """E-mail, phone, address and URL/handle hits; later kinds skip spans claimed by earlier ones."""

    def __init__(self, gaz: Gazetteers) -> None:
        self.gaz = gaz

    def find(self, text: str) -> list[RuleHit]:
        hits: list[RuleHit] = []
        emails = self._emails(text)
        hits.extend(emails)
        taken: list[Span] = [(h.start, h.end) for h in emails]
        urls = self._urls(text, taken, emails)
        hits.extend(urls)
        taken += [(h.start, h.end) for h in urls]
        phones = self._phones(text, taken)
        hits.extend(phones)
        taken += [(h.start, h.end) for h in phones]
        hits.extend(self._addresses(text, taken))
        return hits

    # -------------------------------------------------------------------------------------------- e-mail
    def _emails(self, text: str) -> list[RuleHit]:
        out: list[RuleHit] = []
        low = lower_same_length(text)
        if "@" not in text and "(at)" not in low and "[at]" not in low and "{at}" not in low:
            return out
        for at in _AT_RE.finditer(text):
            window = text[max(0, at.start() - 64) : at.start()]
            lm = _LOCAL_BEFORE_RE.search(window)
            dm = _DOMAIN_RE.match(text, at.end())
            if not lm or not dm or not re.search(r"[A-Za-z]", dm.group(0)):
                continue
            local = lm.group(0)
            start = at.start() - len(window) + lm.start() + (len(local) - len(local.lstrip(".")))
            if start >= at.start():
                continue
            score = 0.99 if "@" in at.group(0) else 0.85
            out.append(RuleHit(Category.EMAIL, start, dm.end(), score, "rules.email"))
        return out

    # -------------------------------------------------------------------------------------------- phone
    def _phones(self, text: str, taken: list[Span]) -> list[RuleHit]:
        out: list[RuleHit] = []
        if len(_DIGIT_RE.findall(text)) < 7:
            return out
        claimed = list(taken)

        def emit(start: int, end: int, score: float, source: str) -> None:
            if not overlaps(start, end, claimed):
                out.append(RuleHit(Category.PHONE, start, end, score, source))
                claimed.append((start, end))

        runs = []
        for run in _RUN_RE.finditer(text):
            ls = text.rfind("\n", max(0, run.start() - 40), run.start()) + 1
            pre = run.start()
            while pre > ls and text[pre - 1] in "+( ":
                pre -= 1
            runs.append((run, max(ls, run.start() - 8), pre))
        for run, _, pre in runs:
            before = text[max(0, pre - 30) : run.start()]
            if not _PHONE_LABEL_BEFORE_RE.search(before):
                continue
            vs = run.start()
            while vs > pre and text[vs - 1] in "+(":
                vs -= 1
            raw = text[vs : run.end()]
            digits = re.sub(r"\D", "", raw)
            if 6 <= len(digits) <= 15 and not _YEAR_PAIR_RE.match(raw.strip()):
                emit(vs, run.end(), 0.95, "rules.phone.label")
        intl = [m for run, pos, _ in runs for m in _INTL_RE.finditer(text, pos, run.end())]
        dk = [m for run, pos, _ in runs for m in _DK_RE.finditer(text, pos, run.end())]
        seen: set[tuple[int, int]] = set()
        for m in intl:
            raw = m.group("num")
            num = "+" + raw[2:] if raw.startswith("00") else raw
            if num.startswith("+45"):
                continue  # Danish numbers are handled below with the stricter grouping rules
            try:
                parsed = phonenumbers.parse(num, None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                emit(m.start(), m.end(), 0.9, "rules.phone.intl")
            elif phonenumbers.is_possible_number(parsed):
                emit(m.start(), m.end(), 0.6, "rules.phone.intl_possible")
        for m in dk:
            body = m.group("body")
            digits = re.sub(r"\D", "", body)
            if len(digits) != 8 or (digits[0] in "01" and not m.group("prefix")) or (m.start(), m.end()) in seen:
                continue
            if not m.group("prefix") and is_compact_date(body):
                continue  # "20211117": a date written without separators
            seen.add((m.start(), m.end()))
            if _YEAR_PAIR_RE.match(body):
                continue
            ls, le = line_span(text, m.start())
            before = text[max(ls, m.start() - 25) : m.start()]
            after = text[m.end() : min(le, m.end() + 12)]
            if not m.group("prefix") and (_NEG_BEFORE_RE.search(before) or _NEG_AFTER_RE.match(after)):
                continue
            try:
                parsed = phonenumbers.parse(digits, "DK")
            except phonenumbers.NumberParseException:
                continue
            grouped = bool(m.group("s1")) or " " in body or "-" in body
            if not m.group("prefix") and not phonenumbers.is_valid_number(parsed):
                # numbering plans change: a grouped 8-digit number alone on its line or between separators (a
                # contact block), or any 8 digits as a field beside words ("Name, title, 12345678" in a
                # reference), is a phone all the same
                if not _standalone(text, m.start(), m.end()):
                    continue
                ls, le = line_span(text, m.start())
                if not grouped and not re.search(r"[^\W\d_]{2}", text[ls:le]):
                    continue  # ungrouped digits alone on a line: an id as likely as a phone
                emit(m.start(), m.end(), 0.8 if grouped else 0.7, "rules.phone.dk_line")
                continue
            if m.group("prefix"):
                score, source = 0.95, "rules.phone.dk_prefix"
            elif m.group("s1") or " " in body or "-" in body:
                score, source = 0.85, "rules.phone.dk_grouped"
            else:
                score, source = 0.6, "rules.phone.dk_bare"
            emit(m.start(), m.end(), score, source)
        return out

    # -------------------------------------------------------------------------------------------- address
    def _addresses(self, text: str, taken: list[Span]) -> list[RuleHit]:
        out: list[RuleHit] = []
        cat = Category.ADDRESS
        low = lower_same_length(text)
        for lm in _ADDR_LABEL.finditer(text, low):
            vs = value_start(text, lm.end())
            end = value_end(text, vs)
            if end > vs and not overlaps(vs, end, taken):
                out.append(RuleHit(cat, vs, end, 0.9, "rules.address.label"))
        for lm in _LIVE_IN.finditer(text, low):
            s, e = lm.start("place"), lm.end("place")
            if not overlaps(s, e, taken):
                out.append(RuleHit(cat, s, e, 0.75, "rules.address.live_in"))
        if not has_digit(text):
            return out
        postcodes = list(self._postcodes(text))
        pc_starts = {s for s, _, _ in postcodes}
        for s, e, score in postcodes:
            if not overlaps(s, e, taken):
                out.append(RuleHit(cat, s, e, score, "rules.address.postcode"))
        for m in _HOUSE_NO_RE.finditer(text):
            if m.start() in pc_starts or overlaps(m.start(), m.end(), taken):
                continue
            street = self._street_before(text, m.start())
            if street is None:
                continue
            s, strength = street
            end = m.end()
            fm = _FLOOR_RE.match(text, end)
            if fm:
                end = fm.end()
            following_pc = any(0 <= ps - end <= 3 for ps in pc_starts) or re.match(r"\s*,?\s*\n?\s*\d{4}\s", text[end:])
            if strength == "weak" and not (fm or following_pc):
                continue
            score = {"strong": 0.9, "suffix": 0.85, "single": 0.7, "weak": 0.75}[strength]
            if following_pc or fm:
                score = max(score, 0.9)
            out.append(RuleHit(cat, s, end, score, f"rules.address.street_{strength}"))
        for m in _EN_STREET_RE.finditer(text):
            if not overlaps(m.start(), m.end(), taken):
                out.append(RuleHit(cat, m.start(), m.end(), 0.8, "rules.address.street_en"))
        for m in _UK_POSTCODE_RE.finditer(text) if any(h.source.endswith(("_en", "label")) for h in out) else ():
            ls, le = line_span(text, m.start())
            if _EN_STREET_RE.search(text, ls, le) or _ADDR_LABEL.search(text, low, ls, le):
                out.append(RuleHit(cat, m.start(), m.end(), 0.8, "rules.address.postcode_uk"))
        return out

    def _postcodes(self, text: str) -> list[tuple[int, int, float]]:
        found: list[tuple[int, int, float]] = []
        for m in _POSTCODE_RE.finditer(text):
            towns = self.gaz.postcodes.get(m.group("pc"))
            if not towns:
                continue
            start = m.start()
            before = text[max(0, start - 4) : start]
            dk = re.search(rf"DK\s?[{DASH}]?\s?$", before)
            if dk:
                start -= len(before) - dk.start()
            elif re.search(rf"[{DASH}]\s*$", before):
                continue  # "1995-1999 Aarhus Universitet": a period, not a postcode
            town = m.group("town")
            words = list(re.finditer(r"[^\s-]+", town))
            town_end = None
            score = 0.0
            for k in range(len(words), 0, -1):
                cand = town[: words[k - 1].end()].rstrip(".")
                key = fold(cand)
                first, _, rest = key.partition(" ")
                alias = _TOWN_ALIASES.get(first.rstrip("."))
                if alias:
                    key = f"{alias} {rest}".strip()
                if key in towns:
                    town_end, score = m.start("town") + len(cand), 0.95
                    break
                if key in self.gaz.towns or any(t.split()[0] == key for t in towns):
                    town_end, score = m.start("town") + len(cand), 0.75
                    break
            if town_end is None:
                continue
            nxt = re.match(rf"[ \t]+([{UP}][{LO}]+)", text[town_end : town_end + 30])
            if 1900 <= int(m.group("pc")) <= 2030 and nxt and fold(nxt.group(1)) not in _COUNTRY_WORDS:
                continue  # "2000 Frederiksberg Gymnasium": a year before an institution name
            found.append((start, town_end, score))
        return found

    def _street_before(self, text: str, pos: int) -> tuple[int, str] | None:
        """If a street name ends right before ``pos`` on the same line: (start, strength)."""
        ls = max(line_span(text, pos)[0], pos - 90)  # a street name is at most a few words long
        segment = text[ls:pos]
        if not segment.endswith(" ") or segment.endswith("  "):
            return None
        toks = list(_TOKEN_RE.finditer(segment))[-6:]
        if not toks or toks[-1].end() != len(segment) - 1:
            return None  # "Løn: 35 000": something other than one space between name and number
        best: tuple[int, str] | None = None
        for k in range(1, len(toks) + 1):
            window = toks[-k:]
            # tokens must be contiguous (single spaces) and start with a capital, digit or known joiner
            gap_ok = all(segment[a.end() : b.start()] == " " for a, b in zip(window, window[1:], strict=False))
            if not gap_ok:
                break
            first = window[0].group(0)
            if not (first[0].isupper() or first[0].isdigit()):
                if first.lower() in _STREET_JOINERS:
                    continue  # "Frederik den Syvendes Vej": a joiner may sit inside, never first
                break
            name = " ".join(t.group(0) for t in window)
            key = fold(name)
            start = ls + window[0].start()
            suffixed = _SUFFIX_WORD_RE.match(window[-1].group(0)) is not None
            if key in self.gaz.streets or (key in self.gaz.weak_streets and suffixed):
                if k > 1 or suffixed:
                    best = (start, "strong")
                elif len(key) >= 5:
                    best = (start, "single")
            elif key in self.gaz.weak_streets:
                best = best or (start, "weak")
            elif (k == 1 and _SUFFIX_WORD_RE.match(name)) or (
                k >= 2 and window[-1].group(0).lower() in _SEPARATE_SUFFIX
            ):
                best = (start, "suffix")
        return best

    # -------------------------------------------------------------------------------------------- url
    def _urls(self, text: str, taken: list[Span], emails: list[RuleHit]) -> list[RuleHit]:
        out: list[RuleHit] = []
        cat = Category.URL
        email_locals = set()
        for h in emails:
            local = _AT_RE.split(text[h.start : h.end], maxsplit=1)[0]
            email_locals.add(re.sub(r"[^a-z0-9]", "", fold(local)))
        starts: set[int] = set()
        for hint in _URL_HINT_RE.finditer(text):
            window = text[max(0, hint.start() - 80) : hint.start()]
            starts.add(hint.start() - len(window) + _TOKEN_START_RE.search(window).start())  # type: ignore[union-attr]
        for token_start in sorted(starts):
            for m in _URL_RE.finditer(text, token_start, min(len(text), token_start + 300)):
                raw = m.group(0).rstrip(".,;:!?)»”'\"")
                start, end = m.start(), m.start() + len(raw)
                if overlaps(start, end, taken):
                    continue
                verdict = self._classify_url(text, start, end, raw, email_locals)
                if verdict:
                    out.append(RuleHit(cat, start, end, verdict[0], verdict[1]))
        for m in _PLATFORM_LABEL.finditer(text, lower_same_length(text)):
            s, e = m.start("v"), m.end("v")
            raw = m.group("v").rstrip(".,;:")
            e = s + len(raw)
            if not overlaps(s, e, taken) and not overlaps(s, e, [(h.start, h.end) for h in out]):
                out.append(RuleHit(cat, s, e, 0.9, "rules.url.platform_label"))
        if "@" in text:
            claimed = taken + [(h.start, h.end) for h in out]
            for m in _HANDLE_RE.finditer(text):
                if overlaps(m.start(), m.end(), claimed):
                    continue
                handle = m.group("h")
                plain_word = handle.isalpha() and handle[0].isupper() and not any(c.isupper() for c in handle[1:])
                out.append(RuleHit(cat, m.start(), m.end(), 0.5 if plain_word else 0.85, "rules.url.handle"))
        return out

    def _classify_url(
        self, text: str, start: int, end: int, raw: str, email_locals: set[str]
    ) -> tuple[float, str] | None:
        body = re.sub(r"^(?:https?://)?(?:www\.)?", "", raw, flags=re.IGNORECASE)
        host, _, path = body.partition("/")
        host = host.lower()
        labels = host.split(".")
        has_scheme = raw.lower().startswith(("http://", "https://", "www."))
        if not has_scheme:
            # degree names and abbreviations: "cand.merc", "B.Sc", "Ph.D", "f.eks" never get here as URLs
            if any(_DEGREE_PREFIX.match(lab) for lab in labels[:-1]) or any(len(lab) < 2 for lab in labels):
                return None
            if not raw[0].islower() and not raw[0].isdigit() and "/" not in raw:
                return None
        if _PROFILE_HOSTS.match(host):
            user = path.strip("/").split("/")
            if not path.strip("/") or user[0].lower() in (
                "company",
                "school",
                "jobs",
                "groups",
                "showcase",
                "about",
                "help",
                "legal",
                "feed",
                "pages",
                "events",
            ):
                return None
            return 0.95, "rules.url.profile"
        if _PERSONAL_HOSTS.search(host):
            return 0.9, "rules.url.personal_host"
        sld = re.sub(r"[^a-z0-9]", "", fold(labels[-2] if len(labels) >= 2 else labels[0]))
        if sld and sld in email_locals and sld not in _FREE_MAIL:
            return 0.9, "rules.url.matches_email"
        ls, le = line_span(text, start)
        line = text[ls:le]
        if _URL_CONTEXT_RE.search(line) or ("@" in line or re.search(r"\d{2}\s?\d{2}\s?\d{2}\s?\d{2}", line)):
            return 0.7, "rules.url.contact_line"
        return None
