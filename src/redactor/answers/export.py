"""The candidate overview: link an export's rows to application folders, anonymise them, write and verify.

Two steps, so a batch can use the export's identities as form data before the documents are redacted:
:func:`prepare_export` reads the export and links each row to a folder; :func:`write_overview` anonymises
the rows and writes ``overview.xlsx`` and ``overview.csv``, verified before they are moved into place.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redactor.answers.columns import NON_IDENTITY_ROLES, TRIAL_ROLES, ColumnPlan, NameLexicon, Role, plan_columns
from redactor.answers.overview import (
    REASON_DUPLICATE,
    REASON_NO_IDENTITY,
    REASON_RESIDUAL,
    RowAnonymiser,
    RowResult,
    identity_values,
    row_applicant,
)
from redactor.answers.overview import _text as cell_text
from redactor.answers.read import ExportTable, Value, read_export
from redactor.answers.verify import Needles, cells_leaking, verify_overview
from redactor.answers.write import csv_bytes, xlsx_bytes
from redactor.config import Config
from redactor.errors import ProcessingError
from redactor.textnorm import loose_fold
from redactor.types import Applicant, Outcome, ReviewDecisions, VerifyReport

OVERVIEW_XLSX = "overview.xlsx"
OVERVIEW_CSV = "overview.csv"
NUMBER_HEADER = "Kandidatnummer"
OUTCOME_HEADER = "Resultat"
REASONS_HEADER = "Begrundelse"
# Identity roles whose values the verifier looks for in the written files (postcode and town alone are
# ordinary words and numbers; gender, nationality and the like are categories, caught by the detectors).
_NEEDLE_ROLES = frozenset({Role.NAME, Role.EMAIL, Role.ADDRESS, Role.BIRTHDATE, Role.URL})
_DIGIT_ROLES = frozenset({Role.PHONE, Role.CPR})


@dataclass(frozen=True, slots=True)
class PreparedExport:
    """An export read and linked: the folder of every row (None when no folder matches) and what to report.

    ``duplicates``: rows whose id (or matched folder) is shared with another row.
    ``unmatched_folders``: folders no row links to. ``notes``: Danish-first messages, no personal data.
    """

    @property
    def identity_found(self) -> bool:
        """Whether any identity column was recognised (without one, every row needs a human look)."""
        return any(r not in NON_IDENTITY_ROLES for r in self.plan.roles)

    table: ExportTable
    plan: ColumnPlan
    links: tuple[str | None, ...]
    duplicates: frozenset[int] = frozenset()
    unmatched_folders: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    folder_applicants: Mapping[str, Applicant | None] = field(default_factory=dict)

    def applicant_for(self, folder: str) -> Applicant | None:
        """The form data for a folder's documents: the export's identity, gaps filled from applicant.json."""
        base = self.folder_applicants.get(folder)
        rows = [i for i, link in enumerate(self.links) if link == folder]
        if not rows:
            return base
        found = row_applicant(self.table.rows[rows[0]], self.plan)
        if base is None:
            return None if found.is_empty() else found
        return Applicant(
            name=found.name or base.name, email=found.email or base.email, phone=found.phone or base.phone,
            address=found.address or base.address, birthdate=found.birthdate or base.birthdate,
        )

    def row_key(self, index: int) -> str:
        """A stable key for a row (a hash of its id, else its e-mail, else its name, else its content)."""
        row = self.table.rows[index]
        ids = [cell_text(row[i]) for i in self.plan.columns(Role.ID)]
        app = row_applicant(row, self.plan)
        basis = next((v for v in (*ids, app.email or "", app.name or "") if v), "")
        if not basis:  # the trial's and equality answers are never part of it, not even hashed
            hidden = set(self.plan.columns(Role.EQUALITY, *TRIAL_ROLES))
            basis = "\x1f".join(cell_text(v) for i, v in enumerate(row) if i not in hidden)
        return hashlib.sha256(loose_fold(basis).encode("utf-8")).hexdigest()[:16]


_LETTERS = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ß": "ss", "ð": "d", "þ": "th"})


def _norm_name(text: str) -> str:
    """A name for comparison: folded, letters without a decomposition mapped, words in any order."""
    return " ".join(sorted(loose_fold(text).translate(_LETTERS).replace("-", " ").split()))


def prepare_export(source: str | Path | ExportTable, folders: Mapping[str, Applicant | None], *,
                   lexicon: NameLexicon | None = None,
                   trial_columns: Mapping[str, Sequence[str]] | None = None) -> PreparedExport:
    """Read an export and link every row to an application folder.

    A row links by an id column whose value is the folder's name, else by its e-mail, else by its name
    against the folder's applicant.json.

    Args:
        source: the export file (XLSX, XLS, CSV) or an already read table.
        folders: folder name -> the folder's applicant.json (None when it has none).
        lexicon: the name gazetteer (``Detector.names.lex``), to find name columns by their content.
        trial_columns: the headers of the trial's questions (``Config.trial_columns.by_question()``; None:
            the defaults). Those columns, and any that look like an equality question, are left out.
    Returns:
        The PreparedExport.
    Raises:
        RedactorError: the export cannot be read (see :func:`redactor.answers.read.read_export`).
    """
    table = source if isinstance(source, ExportTable) else read_export(source)
    plan = plan_columns(table.headers, table.rows, lexicon=lexicon, trial_columns=trial_columns)
    by_name = {f: f for f in folders}
    by_fold = {f.casefold(): f for f in folders}
    by_email = {a.email.strip().casefold(): f for f, a in folders.items() if a is not None and a.email}
    by_person = {_norm_name(a.name): f for f, a in folders.items() if a is not None and a.name}
    id_cols = plan.columns(Role.ID)
    links: list[str | None] = []
    id_counts: Counter[str] = Counter()
    for row in table.rows:
        link = None
        for i in id_cols:
            value = cell_text(row[i])
            if value:
                id_counts[value.casefold()] += 1
                link = link or by_name.get(value) or by_fold.get(value.casefold())
        app = row_applicant(row, plan)
        if link is None and app.email:
            link = by_email.get(app.email.strip().casefold())
        if link is None and app.name:
            link = by_person.get(_norm_name(app.name))
        links.append(link)
    duplicates: set[int] = set()
    for i, row in enumerate(table.rows):
        ids = [cell_text(row[c]).casefold() for c in id_cols if cell_text(row[c])]
        if any(id_counts[v] > 1 for v in ids):
            duplicates.add(i)
    link_counts = Counter(link for link in links if link is not None)
    duplicates.update(i for i, link in enumerate(links) if link is not None and link_counts[link] > 1)
    unmatched = tuple(sorted(f for f in folders if f not in link_counts))
    notes = list(table.notes)
    if duplicates:
        notes.append(f"{len(duplicates)} række(r) deler ansøgnings-id eller ansøgning med en anden række "
                     f"({len(duplicates)} row(s) share an application id or folder with another row)")
    no_folder = sum(1 for link in links if link is None)
    if no_folder and folders:
        notes.append(f"{no_folder} række(r) har ingen ansøgningsmappe; de er nummereret og anonymiseret "
                     f"({no_folder} row(s) have no application folder; they are numbered and anonymised)")
    if unmatched:
        notes.append(f"{len(unmatched)} ansøgning(er) har ingen række i eksporten "
                     f"({len(unmatched)} application(s) have no row in the export)")
    equality = len(plan.columns(Role.EQUALITY))
    if equality:
        notes.append(f"{equality} kolonne(r) ligner spørgsmål om køn, alder, oprindelse eller samtykke til en "
                     "evaluering og er udeladt af oversigten; er det forsøgets spørgsmål, så angiv dem under "
                     f"trial_columns i konfigurationen ({equality} column(s) look like questions about gender, "
                     "age, origin or consent to an evaluation and were left out of the overview; if they are the "
                     "trial's questions, name them under trial_columns in the configuration)")
    if not any(r not in NON_IDENTITY_ROLES for r in plan.roles):
        notes.append("ingen identitetskolonner genkendt i eksporten; tjek kolonnerne "
                     "(no identity columns recognised in the export; check the columns)")
    return PreparedExport(table, plan, tuple(links), frozenset(duplicates), unmatched, tuple(notes), dict(folders))


def assign_numbers(prepared: PreparedExport, folder_numbers: Mapping[str, str], known: Mapping[str, str],
                   new_number: Callable[[], str]) -> tuple[list[str], dict[str, str]]:
    """The candidate number of every row.

    A row linked to a folder gets the folder's number (the first such row, when several share a folder);
    any other row keeps the number it got in an earlier run (``known``, by :meth:`PreparedExport.row_key`)
    or gets a new one.

    Returns:
        The numbers in row order, and the row-key -> number table of rows without a folder number.
    """
    numbers: list[str] = []
    used_folders: set[str] = set()
    table: dict[str, str] = {}
    for i, link in enumerate(prepared.links):
        if link is not None and link in folder_numbers and link not in used_folders:
            used_folders.add(link)
            numbers.append(folder_numbers[link])
            continue
        key = prepared.row_key(i)
        while key in table:  # identical rows: each still gets its own number
            key = hashlib.sha256(key.encode()).hexdigest()[:16]
        number = known.get(key) or new_number()
        table[key] = number
        numbers.append(number)
    return numbers, table


@dataclass(frozen=True, slots=True)
class OverviewResult:
    """What writing the overview did: counts per outcome, the verification, and flagged rows by number."""

    xlsx: Path
    csv: Path
    rows: int
    counts: dict[str, int]
    verification: VerifyReport
    flagged: dict[str, RowResult]
    notes: tuple[str, ...]
    kept_columns: int
    removed_columns: int


def needles_for(prepared: PreparedExport) -> Needles:
    """Every row's identity values, as the verifier looks for them."""
    words: list[str] = []
    digits: list[str] = []
    for row in prepared.table.rows:
        app = row_applicant(row, prepared.plan)
        if app.name:
            words.append(app.name)
        for role, value in identity_values(row, prepared.plan):
            if role in _NEEDLE_ROLES:
                words.append(value)
            elif role in _DIGIT_ROLES:
                digits.append(value)
    return Needles.build(words, digits)


def _own_needles(row: Sequence[Value], plan: ColumnPlan) -> Needles:
    words = [v for role, v in identity_values(row, plan)
             if role in (*_NEEDLE_ROLES, Role.FIRST_NAME, Role.MIDDLE_NAME, Role.LAST_NAME)]
    name = row_applicant(row, plan).name
    if name:
        words.extend(p for p in name.split() if len(p) >= 3)
    return Needles.build(words, [v for role, v in identity_values(row, plan) if role in _DIGIT_ROLES])


def write_overview(prepared: PreparedExport, outbox: str | Path, numbers: Sequence[str], *, detector: object,
                   config: Config, separator: str = ";",
                   review: Mapping[str, ReviewDecisions] | None = None) -> OverviewResult:
    """Anonymise every row and write ``overview.xlsx`` and ``overview.csv`` into ``outbox``.

    Rows are sorted by candidate number (random numbers: neither submission order nor alphabetical).
    A cell in which an identity value of any row survives redaction is removed whole and its row is
    ``needs_review``. Both files are verified from their bytes before they are moved into place.

    Args:
        prepared: the linked export (:func:`prepare_export`).
        outbox: the folder the committee sees.
        numbers: the candidate number of every row, in row order (:func:`assign_numbers`).
        detector: the loaded Detector (``Pipeline.detector``).
        config: labels, thresholds and actions.
        separator: the CSV field separator (";" for Danish Excel).
        review: a reviewer's decisions per candidate number.
    Returns:
        The OverviewResult.
    Raises:
        ProcessingError: (R301) the written files failed verification; nothing was written.
    """
    from redactor.report import write_atomic

    table, plan = prepared.table, prepared.plan
    if len(numbers) != len(table.rows):
        raise ValueError("one candidate number per row is needed")
    review = review or {}
    anonymiser = RowAnonymiser(detector, config, plan, table.rows)  # type: ignore[arg-type]
    everyone = needles_for(prepared)
    removed_label = config.label_for("OTHER", "da")
    out_rows: list[tuple[str, list[Value], RowResult]] = []
    flagged: dict[str, RowResult] = {}
    counts: Counter[str] = Counter()
    try:
        results = anonymiser.anonymise_all(
            table.rows, [review.get(n) for n in numbers],
            [[*([REASON_DUPLICATE] if i in prepared.duplicates else []),
              *([] if prepared.identity_found else [REASON_NO_IDENTITY])] for i in range(len(table.rows))])
    finally:
        clear = getattr(getattr(detector, "names", None), "clear_cache", None)
        if clear is not None:
            clear()  # no answer text outlives the overview
    for i, (row, result) in enumerate(zip(table.rows, results, strict=True)):
        values = list(result.values)
        cells = [cell_text(v) for v in values]
        leaking = set(cells_leaking(cells, everyone)) | set(cells_leaking(cells, _own_needles(row, plan)))
        if leaking:
            for k in leaking:
                values[k] = removed_label
            result = RowResult(tuple(values), Outcome.NEEDS_REVIEW,
                               tuple(dict.fromkeys((*result.reasons, REASON_RESIDUAL))), result.flags,
                               result.decisions, result.redacted_cells + len(leaking))
        if result.outcome is Outcome.NEEDS_REVIEW:
            flagged[numbers[i]] = result
        counts[str(result.outcome)] += 1
        out_rows.append((numbers[i], values, result))
    out_rows.sort(key=lambda r: r[0])
    headers = [NUMBER_HEADER, *(table.headers[i] or f"Kolonne {i + 1}" for i in plan.kept),
               OUTCOME_HEADER, REASONS_HEADER]
    body = [[number, *values, str(result.outcome), "; ".join(result.reasons)] for number, values, result in out_rows]
    xlsx = xlsx_bytes(headers, body, sheet_title="Kandidatoversigt")
    csv = csv_bytes(headers, body, separator=separator)
    report = verify_overview(xlsx, csv, everyone)
    if not report.passed:
        raise ProcessingError("the candidate overview failed verification and was not written: "
                              + "; ".join(i.detail for i in report.issues[:5]))
    out = Path(outbox)
    write_atomic(out / OVERVIEW_XLSX, xlsx)
    write_atomic(out / OVERVIEW_CSV, csv)
    removed = sum(1 for r in plan.roles if r is not Role.ANSWER)
    return OverviewResult(out / OVERVIEW_XLSX, out / OVERVIEW_CSV, len(body), dict(counts), report, flagged,
                          prepared.notes, len(plan.kept), removed)
