"""Generate a synthetic application-form export (XLSX or CSV) with ground truth, for tests, eval and benchmark.

Rows are applicants with names of many origins (sample_pools.ORIGINS), Danish or English answers, and
their identity repeated inside the free text (name, e-mail, phone, address, birthdate), plus other
people's names (references). The truth records, per row, the identity values and each answer as
segments marked personal or kept, so a scorer can measure leaks and the keep-rate of answer text.

    python samples/answers_export.py OUT.xlsx [--rows 500] [--seed 7] [--csv OUT.csv] [--truth OUT.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sample_pools as P  # noqa: E402

HEADERS = ["Ansøgnings-ID", "Fornavn", "Efternavn", "E-mail", "Telefon", "Adresse", "Postnummer", "By",
           "Fødselsdato", "Køn", "Nationalitet", "LinkedIn", "Hvorfor søger du stillingen?",
           "Beskriv din relevante erfaring", "Antal års erfaring", "Har du kørekort?", "Sprogkundskaber",
           "Hvornår kan du starte?"]
ANSWER_COLUMNS = HEADERS[12:]


@dataclass
class RowTruth:
    """Ground truth of one row: identity values and the answers as (text, personal) segments."""

    id: str
    origin: str
    lang: str
    identity: dict[str, str]
    answers: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)


def _pick_name(rng: random.Random, origin: str) -> tuple[str, str, str]:
    o = P.ORIGINS[origin]
    sex = rng.choice("fm")
    first = rng.choice(o[sex] + o.get("u" + sex, []))
    last = rng.choice(o["s"] + o.get("us", []) + o.get("double", []))
    if "|" in last:  # gendered surname forms, "Kowalski|Kowalska"
        male, female = last.split("|")
        last = male if sex == "m" else female
    return first, last, sex


def _phone(rng: random.Random) -> str:
    digits = [str(rng.randint(2, 9))] + [str(rng.randint(0, 9)) for _ in range(7)]
    style = rng.randrange(3)
    if style == 0:
        return " ".join("".join(digits[i : i + 2]) for i in range(0, 8, 2))
    if style == 1:
        return "+45 " + "".join(digits)
    return "".join(digits)


def _email(rng: random.Random, first: str, last: str) -> str:
    from redactor.textnorm import ascii_fold

    f = ascii_fold(first).lower().replace(" ", "")
    s = ascii_fold(last).lower().replace(" ", "").replace("-", "")
    local = rng.choice([f"{f}.{s}", f"{f}{s}", f"{f[0]}{s}", f"{f}_{s}{rng.randint(1, 99)}"])
    return f"{local}@{rng.choice(P.EMAIL_DOMAINS)}"


def make_row(rng: random.Random, index: int) -> tuple[list[object], RowTruth]:
    """One applicant row and its truth."""
    origin = "danish" if rng.random() < 0.4 else rng.choice(P.NON_DANISH)
    first, last, sex = _pick_name(rng, origin)
    lang = rng.choice(["da", "en"])
    field_name = rng.choice(list(P.FIELDS))
    career = P.FIELDS[field_name]
    email = _email(rng, first, last)
    phone = _phone(rng)
    street = f"{rng.choice(P.STREETS)} {rng.randint(1, 180)}"
    town = rng.choice(P.TOWNS)
    postcode, city = town.split(" ", 1)
    year = rng.randint(1960, 2003)
    birth = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    app_id = f"A{10000 + index}"
    o = P.ORIGINS[origin]
    nat = o["nat"][0] if lang == "da" else o["nat"][1]
    gender = ("Kvinde" if sex == "f" else "Mand") if lang == "da" else ("Female" if sex == "f" else "Male")
    linkedin = f"https://www.linkedin.com/in/{email.split('@')[0].replace('.', '-').replace('_', '-')}"
    ref_first, ref_last, _ = _pick_name(rng, rng.choice(list(P.ORIGINS)))
    truth = RowTruth(app_id, origin, lang, {"name": f"{first} {last}", "first": first, "last": last,
                                           "email": email, "phone": phone, "address": street,
                                           "birthdate": birth, "linkedin": linkedin})
    title_da, title_en = rng.choice(career["titles"])
    employer = rng.choice(career["employers"])
    duty_da, duty_en = rng.choice(career["duties"])
    skill_da, skill_en = rng.choice(career["skills"])
    start = rng.randint(2005, 2018)
    end = rng.randint(start + 1, 2025)
    years = 2026 - start
    k = (lambda t: (t, False))  # noqa: E731 - kept text
    x = (lambda t: (t, True))  # noqa: E731 - personal text
    if lang == "da":
        why = [k("Jeg søger stillingen, fordi jeg brænder for at gøre en forskel for borgerne. ")]
        pick = rng.randrange(4)
        if pick == 0:
            why += [k("Mit navn er "), x(f"{first} {last}"), k(", og jeg har arbejdet som "),
                    k(f"{title_da.lower()} i {years} år. ")]
        elif pick == 1:
            why += [k("Som "), k(f"{title_da.lower()} har jeg lært meget. Skriv gerne til mig på "), x(email),
                    k(" eller ring på "), x(phone), k(". ")]
        elif pick == 2:
            why += [k("Jeg hedder "), x(first), k(" og bor på "), x(street), k(". ")]
        else:
            why += [k("Min tidligere leder, "), x(f"{ref_first} {ref_last}"), k(", kan give en reference. ")]
        why += [k(f"Jeg har stor erfaring med {skill_da.lower()}.")]
        exp = [k(f"{title_da} hos {employer} fra {start} til {end}: {duty_da.lower()}.")]
        if rng.random() < 0.3:
            exp += [k(" Hilsen "), x(first)]
        langs = [k(f"Dansk: {rng.choice(P.LANG_LEVELS_DA)}, Engelsk: {rng.choice(P.LANG_LEVELS_DA)}")]
        when = [k(rng.choice(["Hurtigst muligt", "1. marts 2027", "Efter aftale", "Med en måneds varsel"]))]
        licence = [k(rng.choice(["Ja", "Nej"]))]
    else:
        why = [k("I am applying because I want to make a difference for the citizens of Copenhagen. ")]
        pick = rng.randrange(4)
        if pick == 0:
            why += [k("My name is "), x(f"{first} {last}"), k(" and I have worked as "),
                    k(f"{title_en.lower()} for {years} years. ")]
        elif pick == 1:
            why += [k("Please contact me at "), x(email), k(" or call "), x(phone), k(". ")]
        elif pick == 2:
            why += [k("I am "), x(first), k(", and I live at "), x(street), k(". ")]
        else:
            why += [k("My former manager, "), x(f"{ref_first} {ref_last}"), k(", is happy to give a reference. ")]
        why += [k(f"I have solid experience with {skill_en.lower()}.")]
        exp = [k(f"{title_en} at {employer} from {start} to {end}: {duty_en.lower()}.")]
        if rng.random() < 0.3:
            exp += [k(" Best regards, "), x(first)]
        langs = [k(f"English: {rng.choice(P.LANG_LEVELS_EN)}, Danish: {rng.choice(P.LANG_LEVELS_EN)}")]
        when = [k(rng.choice(["As soon as possible", "1 March 2027", "By agreement", "One month's notice"]))]
        licence = [k(rng.choice(["Yes", "No"]))]
    truth.answers = {"Hvorfor søger du stillingen?": why, "Beskriv din relevante erfaring": exp,
                     "Sprogkundskaber": langs, "Hvornår kan du starte?": when, "Har du kørekort?": licence}
    text = {h: "".join(t for t, _ in segs) for h, segs in truth.answers.items()}
    row: list[object] = [app_id, first, last, email, phone, street, postcode, city, birth, gender, nat, linkedin,
                         text["Hvorfor søger du stillingen?"], text["Beskriv din relevante erfaring"], years,
                         text["Har du kørekort?"], text["Sprogkundskaber"], text["Hvornår kan du starte?"]]
    return row, truth


def generate(rows: int = 500, seed: int = 7) -> tuple[list[str], list[list[object]], list[RowTruth]]:
    """Headers, rows and truth of a synthetic export."""
    rng = random.Random(seed)
    out, truths = [], []
    for i in range(rows):
        row, truth = make_row(rng, i)
        out.append(row)
        truths.append(truth)
    return list(HEADERS), out, truths


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    """Write the export as a recruitment system would (one sheet, bold header)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Ansøgere"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"  # an answer typed as "=..." is text in the form system, not a formula
    wb.save(path)


def write_csv(path: Path, headers: list[str], rows: list[list[object]], *, sep: str = ";",
              encoding: str = "utf-8-sig") -> None:
    """Write the export as CSV (Danish Excel: ';' and UTF-8 with BOM; or cp1252)."""
    import csv
    import io

    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(headers)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding, "replace"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="the .xlsx to write")
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--truth", type=Path)
    args = ap.parse_args(argv)
    headers, rows, truths = generate(args.rows, args.seed)
    write_xlsx(args.out, headers, rows)
    if args.csv:
        write_csv(args.csv, headers, rows)
    if args.truth:
        args.truth.write_text(json.dumps([asdict(t) for t in truths], ensure_ascii=False, indent=1), "utf-8")
    print(f"{len(rows)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
