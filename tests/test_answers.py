"""The candidate overview from an application-form export: reading, columns, linking, redaction, writing."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

from redactor.answers import (
    ExportTable,
    Role,
    assign_numbers,
    prepare_export,
    read_export,
    read_export_bytes,
    role_by_content,
    role_by_header,
    write_overview,
)
from redactor.answers.verify import Needles, leaks, verify_overview
from redactor.answers.write import csv_bytes, neutralise, xlsx_bytes
from redactor.errors import DependencyMissingError, EncryptedDocumentError, ProcessingError, RedactorError
from redactor.textnorm import loose_fold
from redactor.types import Applicant, ReviewDecisions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
sys.path.insert(0, str(SAMPLES))
import answers_export as gen  # noqa: E402


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Navn", Role.NAME), ("Fulde navn", Role.NAME), ("Full name", Role.NAME), ("Fornavn", Role.FIRST_NAME),
        ("First name", Role.FIRST_NAME), ("Efternavn", Role.LAST_NAME), ("Surname", Role.LAST_NAME),
        ("E-mail (privat)", Role.EMAIL), ("Email address", Role.EMAIL), ("Telefon", Role.PHONE),
        ("Mobil", Role.PHONE), ("Phone number", Role.PHONE), ("Adresse", Role.ADDRESS), ("Postnummer", Role.POSTCODE),
        ("By", Role.CITY), ("Fødselsdato:", Role.BIRTHDATE), ("Date of birth", Role.BIRTHDATE),
        ("CPR-nr.", Role.CPR), ("Køn", Role.GENDER), ("Nationalitet", Role.NATIONALITY),
        ("Statsborgerskab", Role.NATIONALITY), ("Billede", Role.PHOTO), ("Foto", Role.PHOTO),
        ("LinkedIn-profil", Role.URL), ("Ansøgnings-ID", Role.ID), ("Application ID", Role.ID),
        ("Modersmål", Role.MOTHER_TONGUE), ("Civilstand", Role.MARITAL),
        ("Navn på nuværende arbejdsgiver", None), ("Hvorfor søger du stillingen?", None),
        ("Why are you applying?", None), ("Antal års erfaring", None), ("Har du kørekort?", None),
        ("Sprogkundskaber", None), ("Bybus-erfaring", None),
    ],
)
def test_answers_role_by_header(header: str, role: Role | None) -> None:
    assert role_by_header(header) is role


class _Lexicon:
    """A stand-in for the name gazetteer: known name parts and word frequencies."""

    def __init__(self, names: set[str], zipf: dict[str, float]) -> None:
        self.names, self.freq = names, zipf

    def is_first(self, low: str) -> bool:
        return low in self.names

    def is_last(self, low: str) -> bool:
        return low in self.names

    def zipf(self, low: str) -> float:
        return self.freq.get(low, 5.0 if low in ("ja", "nej", "danske", "novo") else 2.0)


def test_answers_role_by_content() -> None:
    assert role_by_content(["anna@example.dk", "b.c@mail.com", None]) is Role.EMAIL
    assert role_by_content(["22 33 44 55", "+45 12345678", "87654321"]) is Role.PHONE
    assert role_by_content(["120388-1234", "0101901234"]) is Role.CPR
    assert role_by_content(["https://www.linkedin.com/in/x", "www.example.dk/me"]) is Role.URL
    lex = _Lexicon({"fatima", "hansen", "mehmet", "nguyen", "line", "maersk"}, {"bank": 5.2, "nordisk": 4.6})
    names = ["Fatima Al-Hassan", "Mehmet Yılmaz", "Thi Nguyen", "Ole Hansen"]
    assert role_by_content(names, lexicon=lex) is Role.NAME
    assert role_by_content(["Ja", "Nej", "Ja"], lexicon=lex) is None
    # employers: an ordinary word that is no name makes a value no name ("Mærsk Line" alone is not enough)
    assert role_by_content(["Novo Nordisk", "Maersk Line", "Danske Bank", "Hansen Bank"], lexicon=lex) is None
    assert role_by_content(["5", "12", "3"]) is None
    assert role_by_content(["Sygeplejerske hos Rigshospitalet", "Lærer"], lexicon=_Lexicon({"hos"}, {})) is None


# ---------------------------------------------------------------------------------------------- reading


def _xlsx(headers: list[str], rows: list[list[object]], edit=None) -> bytes:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    if edit is not None:
        edit(wb, ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _patch_zip(data: bytes, changes: dict[str, bytes | None], replace: dict[str, tuple[bytes, bytes]] | None = None
               ) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if replace and info.filename in replace:
                old, new = replace[info.filename]
                assert old in content, (info.filename, old)
                content = content.replace(old, new, 1)
            dst.writestr(info, content)
        for name, content in changes.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def test_answers_read_csv_encodings_and_separators() -> None:
    text = "Navn,E-mail,Hvorfor?\r\nSøren Østergård,s@x.dk,\"Fordi, jeg vil\"\r\n"
    table = read_export_bytes(text.encode("cp1252"))
    assert table.headers == ("Navn", "E-mail", "Hvorfor?")
    assert table.rows[0] == ("Søren Østergård", "s@x.dk", "Fordi, jeg vil")
    assert any("Windows-1252" in n for n in table.notes)
    tab = b"Navn\tSvar\nAnna\tJa; gerne\n"
    assert read_export_bytes(tab).rows[0] == ("Anna", "Ja; gerne")
    semi = "\ufeffNavn;Svar\nAnna;Ja, gerne\n".encode()
    table = read_export_bytes(semi)
    assert table.headers == ("Navn", "Svar") and table.rows[0] == ("Anna", "Ja, gerne")


def test_answers_read_xlsx_hidden_column_dropped_formula_value_only() -> None:
    def edit(wb, ws):  # type: ignore[no-untyped-def]
        ws.column_dimensions["C"].hidden = True
        ws["D2"] = "=A2"

    data = _xlsx(["Navn", "Svar", "Intern note", "Kopi"], [["Anna Berg", "Ja", "hemmelig", None]], edit)
    # a cached value, as Excel writes it: the formula's result is read, the formula is not
    data = _patch_zip(data, {}, {"xl/worksheets/sheet1.xml": (b'<c r="D2"><f>A2</f><v></v>',
                                                              b'<c r="D2" t="str"><f>A2</f><v>Anna Berg</v>')})
    table = read_export_bytes(data)
    assert table.headers == ("Navn", "Svar", "Kopi")
    assert table.rows == (("Anna Berg", "Ja", "Anna Berg"),)
    assert any("formula" in n for n in table.notes) and any("hidden column" in n for n in table.notes)


def test_answers_read_errors() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    with pytest.raises(EncryptedDocumentError) as exc:
        read_export_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    assert exc.value.code == "R202"
    with pytest.raises(RedactorError):
        read_export_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(RedactorError):
        read_export_bytes(b"")


def test_answers_xls_without_libreoffice_calc_is_r401(monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.convert as convert

    monkeypatch.setattr(convert, "calc_available", lambda: False)
    with pytest.raises(DependencyMissingError) as exc:
        read_export_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\x00" * 600)
    assert exc.value.code == "R401" and "Calc" in exc.value.message


def test_answers_xls_without_libreoffice_is_r401(monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.convert as convert

    monkeypatch.setattr(convert, "_executable", lambda: None)
    with pytest.raises(DependencyMissingError) as exc:
        read_export_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\x00" * 600)
    assert exc.value.code == "R401"


@pytest.mark.slow
def test_answers_xls_through_libreoffice(tmp_path: Path) -> None:
    from redactor.convert import _soffice, calc_available

    if not calc_available():
        pytest.skip("LibreOffice Calc is not installed")
    xls = _soffice(_xlsx(["Navn", "Svar"], [["Anna Berg", "Ja"]]), "xlsx", "xls:MS Excel 97", 120)
    table = read_export_bytes(xls)
    assert table.source_format == "xls" and table.rows == (("Anna Berg", "Ja"),)


# ---------------------------------------------------------------------------------------------- writing


def test_answers_csv_neutralises_formulas_and_uses_bom() -> None:
    for bad in ("=HYPERLINK(\"http://x\")", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"):
        assert neutralise(bad).startswith("'")
    assert neutralise("-3") == "-3" and neutralise(5) == "5" and neutralise("Ja") == "Ja"
    data = csv_bytes(["A", "B"], [["=1+1", "x;y"]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["A", "B"], ["'=1+1", "x;y"]]
    assert b"," not in csv_bytes(["A", "B"], [["1", "2"]], separator="\t")


def test_answers_xlsx_strings_never_formulas() -> None:
    data = xlsx_bytes(["Svar"], [["=HYPERLINK(\"http://evil\")"], [3]], sheet_title="Kandidatoversigt")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    assert verify_overview(data, csv_bytes(["Svar"], [["x"]]), Needles.build([])).passed


def test_answers_verifier_finds_values_in_any_part() -> None:
    needles = Needles.build(["Anna Berg", "anna.berg@mail.dk"], ["22 33 44 55"])
    assert leaks("Kontakt: ANNA BERG", needles) == 1
    assert leaks("skriv til anna.berg@mail.dk", needles) >= 1
    assert leaks("ring 2233 4455", needles) == 1
    assert leaks("Annabergs forening", needles) == 0
    plain = xlsx_bytes(["Svar"], [["Ja"]], sheet_title="x")
    leaky = _patch_zip(plain, {"docProps/custom.xml": b"<Properties><p>Anna Berg</p></Properties>"})
    report = verify_overview(leaky, csv_bytes(["Svar"], [["Ja"]]), needles)
    assert not report.passed
    assert {i.kind for i in report.issues} == {"structure", "residual"}
    assert all("Anna" not in i.detail for i in report.issues)


# ---------------------------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def detector(pipeline):  # type: ignore[no-untyped-def]
    return pipeline.detector


@pytest.fixture(scope="module")
def config(pipeline):  # type: ignore[no-untyped-def]
    return pipeline.config




def _numbers(prepared, folder_numbers=None):  # type: ignore[no-untyped-def]
    import random

    counter = iter(random.Random(5).sample(range(100_000, 1_000_000), 1000))
    return assign_numbers(prepared, folder_numbers or {}, {}, lambda: str(next(counter)))[0]


def _outbox_text(outbox: Path) -> str:
    """Every byte of OUTBOX as text: each XML part of the workbook and the CSV."""
    parts = []
    for path in outbox.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                parts.extend(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
        elif path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    import html

    return html.unescape("\n".join(parts))


def _contains(haystack: str, value: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(loose_fold(value)) + r"(?!\w)"
    return re.search(pattern, haystack) is not None


def _score(detector, config, rows: int, seed: int):  # type: ignore[no-untyped-def]
    from dataclasses import asdict

    from redactor.answers.evaluate import evaluate_answers

    headers, table, truths = gen.generate(rows, seed=seed)
    return evaluate_answers(detector, config, headers, table, [asdict(t) for t in truths])


def test_answers_generated_export_no_identity_left_and_answers_kept(detector, config) -> None:  # type: ignore[no-untyped-def]
    report = _score(detector, config, 60, 11)
    assert report.rows == 60 and report.identity_values == 360
    assert report.identity_leaks == 0
    assert report.figures()["keep_rate"] >= 0.98
    assert report.figures()["personal_recall"] >= 0.9


@pytest.mark.slow
def test_answers_generated_export_500_rows(detector, config) -> None:  # type: ignore[no-untyped-def]
    report = _score(detector, config, 500, 7)
    assert report.identity_leaks == 0 and report.figures()["keep_rate"] >= 0.98


def test_answers_identity_columns_found_by_content_under_headers_that_say_nothing(tmp_path: Path, detector,  # type: ignore[no-untyped-def]
                                                                                 config) -> None:
    headers, rows, truths = gen.generate(80, seed=5)
    blank = [f"Felt {i + 1}" for i in range(12)] + headers[12:]
    prepared = prepare_export(ExportTable(tuple(blank), tuple(tuple(r) for r in rows), "csv"), {},
                              lexicon=detector.names.lex)
    roles = prepared.plan.roles
    assert roles[1:6] == (Role.FIRST_NAME, Role.LAST_NAME, Role.EMAIL, Role.PHONE, Role.ADDRESS)
    assert (roles[8], roles[9], roles[11]) == (Role.BIRTHDATE, Role.GENDER, Role.URL)
    assert all(r is Role.ANSWER for r in roles[12:])
    write_overview(prepared, tmp_path, _numbers(prepared), detector=detector, config=config)
    text = loose_fold(_outbox_text(tmp_path))
    for t in truths:
        for key in ("name", "email", "address", "birthdate", "linkedin"):
            assert not _contains(text, t.identity[key]), key


def test_answers_overview_layout_order_and_formula_injection(tmp_path: Path, detector, config) -> None:  # type: ignore[no-untyped-def]
    headers, rows, _ = gen.generate(20, seed=3)
    rows[3][12] = "=HYPERLINK(\"http://evil.example\";\"klik\")"  # formula injection attempt in an answer
    src = tmp_path / "export.xlsx"
    gen.write_xlsx(src, headers, rows)
    prepared = prepare_export(src, {}, lexicon=detector.names.lex)
    assert prepared.plan.kept == list(range(12, 18))
    numbers = _numbers(prepared)
    outbox = tmp_path / "outbox"
    result = write_overview(prepared, outbox, numbers, detector=detector, config=config)
    assert result.verification.passed and result.rows == 20
    out = list(csv.reader(io.StringIO((outbox / "overview.csv").read_text("utf-8-sig")), delimiter=";"))
    assert out[0] == ["Kandidatnummer", *headers[12:], "Resultat", "Begrundelse"]
    body = {r[0]: r for r in out[1:]}
    assert [r[0] for r in out[1:]] == sorted(body)  # by random number: not the export's order
    assert [r[0] for r in out[1:]] != numbers
    assert all(r[-2] in ("clean", "needs_review") for r in out[1:])
    assert body[numbers[3]][1].startswith("'=HYPERLINK")
    from openpyxl import load_workbook

    ws = load_workbook(outbox / "overview.xlsx").active
    assert [c.value for c in ws[1]] == out[0]
    assert any(c.value == rows[3][12] and c.data_type == "s" for r in ws.iter_rows() for c in r)


def _canary_export() -> bytes:
    """An export with the identity "Zorawar Kettleby" planted in every hidden channel of the workbook."""
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    canary = "Zorawar Kettleby"

    def edit(wb, ws):  # type: ignore[no-untyped-def]
        other = wb.create_sheet("Intern")
        other["A1"] = canary
        ws.column_dimensions["D"].hidden = True
        ws.row_dimensions[3].hidden = True
        ws["C2"].comment = Comment(f"ringede til {canary}", canary)
        wb.defined_names[canary.replace(" ", "_")] = DefinedName(canary.replace(" ", "_"), attr_text="Intern!$A$1")
        wb.properties.creator = canary
        wb.properties.title = canary
        ws.oddHeader.center.text = canary
        ws.oddFooter.left.text = canary
        dv = DataValidation(type="list", formula1=f'"{canary},Anden"', promptTitle=canary, prompt=canary)
        ws.add_data_validation(dv)
        dv.add("C2")
        from openpyxl.drawing.image import Image
        from PIL import Image as PILImage

        buf = io.BytesIO()
        PILImage.new("RGB", (20, 20), "red").save(buf, "PNG")
        ws.add_image(Image(buf), "F2")

    data = _xlsx(["Navn", "E-mail", "Hvorfor søger du?", "Skjult"],
                 [["Anna Berg", "anna@berg.dk", "Jeg er sygeplejerske.", canary],
                  [canary, "zk@kettleby.dk", f"Jeg hedder {canary} og er lærer.", "x"]], edit)
    ext = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<externalBook><sheetNames><sheetName val="Zorawar Kettleby"/></sheetNames></externalBook></externalLink>')
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        drawing = next(n for n in zf.namelist() if n.startswith("xl/drawings/drawing"))
    return _patch_zip(data, {"xl/externalLinks/externalLink1.xml": ext},
                      {drawing: (b'descr="Picture"', b'descr="Zorawar Kettleby"')})


def test_answers_canaries_in_hidden_channels_never_reach_outbox(tmp_path: Path, detector, config) -> None:  # type: ignore[no-untyped-def]
    data = _canary_export()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # the canary really is in each channel of the input
        raw = b"".join(zf.read(n) for n in zf.namelist())
    assert raw.count(b"Zorawar Kettleby") >= 9
    table = read_export_bytes(data)
    assert "Skjult" not in table.headers and len(table.rows) == 2
    prepared = prepare_export(table, {}, lexicon=detector.names.lex)
    outbox = tmp_path / "outbox"
    write_overview(prepared, outbox, _numbers(prepared), detector=detector, config=config)
    text = _outbox_text(outbox)
    assert "zorawar" not in text.casefold() and "kettleby" not in text.casefold()
    assert "lærer" in text and "sygeplejerske" in text
    with zipfile.ZipFile(outbox / "overview.xlsx") as zf:
        names = set(zf.namelist())
    assert not any(re.search(r"comments|drawings|externalLinks|media|custom", n) for n in names)


def test_answers_linking_by_id_email_and_name(tmp_path: Path, detector, config) -> None:  # type: ignore[no-untyped-def]
    table = ExportTable(
        ("Ansøgnings-ID", "Navn", "E-mail", "Svar"),
        (("app-1", "Anna Berg", "anna@berg.dk", "Ja"),
         (None, "Mehmet Yılmaz", "MY@Mail.dk", "Nej"),
         (None, "Yılmaz Mehmet", None, "Ja"),
         ("app-9", "Ukendt Person", None, "Ja"),
         ("app-9", "Anden Person", None, "Nej")),
        "csv",
    )
    folders = {"app-1": None, "folder-b": Applicant(name="X", email="my@mail.dk"),
               "folder-c": Applicant(name="Mehmet Yilmaz"), "folder-d": None}
    prepared = prepare_export(table, folders)
    assert prepared.links == ("app-1", "folder-b", "folder-c", None, None)
    assert prepared.duplicates == frozenset({3, 4})
    assert prepared.unmatched_folders == ("folder-d",)
    assert any("no row in the export" in n for n in prepared.notes)
    # the export's identity is the folder's form data; applicant.json fills the gaps
    app = prepared.applicant_for("folder-b")
    assert app is not None and app.name == "Mehmet Yılmaz" and app.email == "MY@Mail.dk"
    numbers = _numbers(prepared, {"app-1": "111111", "folder-b": "222222", "folder-c": "333333"})
    assert numbers[:3] == ["111111", "222222", "333333"] and len(set(numbers)) == 5
    result = write_overview(prepared, tmp_path, numbers, detector=detector, config=config)
    assert set(result.flagged) == {numbers[3], numbers[4]}  # duplicate ids need a human look


def test_answers_reviewer_terms_are_removed(tmp_path: Path, detector, config) -> None:  # type: ignore[no-untyped-def]
    table = ExportTable(("Navn", "Svar"), (("Anna Berg", "Jeg hedder Anna Berg og elsker Python."),), "csv")
    prepared = prepare_export(table, {})
    write_overview(prepared, tmp_path, ["123456"], detector=detector, config=config,
                   review={"123456": ReviewDecisions(terms=("Python",))})
    text = (tmp_path / "overview.csv").read_text("utf-8-sig")
    assert "Anna" not in text and "Python" not in text and "[NAVN]" in text


def test_answers_overview_refused_when_verification_fails(tmp_path: Path, detector, config,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.answers.export as export

    table = ExportTable(("Navn", "Svar"), (("Anna Berg", "Ja"),), "csv")
    prepared = prepare_export(table, {})
    monkeypatch.setattr(export, "xlsx_bytes", lambda *a, **k: b"not a zip")
    with pytest.raises(ProcessingError):
        write_overview(prepared, tmp_path, ["123456"], detector=detector, config=config)
    assert not (tmp_path / "overview.xlsx").exists() and not (tmp_path / "overview.csv").exists()


def test_answers_read_export_from_path(tmp_path: Path) -> None:
    headers, rows, _ = gen.generate(3, seed=1)
    gen.write_csv(tmp_path / "e.csv", headers, rows, sep=",", encoding="cp1252")
    table = read_export(tmp_path / "e.csv")
    assert table.headers == tuple(headers) and len(table.rows) == 3


def test_answers_title_lines_above_the_header_and_no_identity_columns(tmp_path: Path, detector, config) -> None:  # type: ignore[no-untyped-def]
    text = "Ansøgere til stilling 4711;;\r\n;;\r\nNavn;E-mail;Svar\r\nAnna Berg;anna@berg.dk;Ja\r\n"
    table = read_export_bytes(text.encode("utf-8"))
    assert table.headers == ("Navn", "E-mail", "Svar") and table.rows == (("Anna Berg", "anna@berg.dk", "Ja"),)
    assert any("above the header" in n for n in table.notes)
    # headers in an unknown language and nothing recognisable by content: every row needs a human look
    odd = ExportTable(("Nom", "Réponse"), (("x1", "Oui"), ("x2", "Non")), "csv")
    prepared = prepare_export(odd, {}, lexicon=detector.names.lex)
    assert not prepared.identity_found
    result = write_overview(prepared, tmp_path, ["111111", "222222"], detector=detector, config=config)
    assert set(result.flagged) == {"111111", "222222"}
