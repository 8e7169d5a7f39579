"""Anonymising the rows of an export: identity columns out, free-text answers redacted with the detectors.

Each row's identity columns become that applicant's form data (:class:`~redactor.types.Applicant`), the
strongest detection signal for the row's own answers and for the documents of its application. Every
other row's names, e-mails, phones and CPR numbers are removed too wherever they appear (an answer may
name another applicant). Replacement text is made with presidio-anonymizer's ``replace`` operator and the
same labels as in documents ("[NAVN]", "[E-MAIL]", ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from redactor.answers.columns import NON_IDENTITY_ROLES, ColumnPlan, Role
from redactor.answers.read import Value
from redactor.config import Config
from redactor.decide import decide
from redactor.detect.engine import Detector, detect_language, term_findings
from redactor.textnorm import loose_fold
from redactor.types import (
    Action,
    Applicant,
    Category,
    Decision,
    Finding,
    Outcome,
    ReviewDecisions,
    TextUnit,
    finding_key,
)

_ROLE_CATEGORY = {
    Role.NAME: Category.NAME, Role.FIRST_NAME: Category.NAME, Role.MIDDLE_NAME: Category.NAME,
    Role.LAST_NAME: Category.NAME, Role.EMAIL: Category.EMAIL, Role.PHONE: Category.PHONE,
    Role.ADDRESS: Category.ADDRESS, Role.POSTCODE: Category.ADDRESS, Role.CITY: Category.ADDRESS,
    Role.BIRTHDATE: Category.BIRTHDATE, Role.CPR: Category.CPR, Role.URL: Category.URL,
}
# Roles whose value is removed wherever it appears in the row's own answers (as a whole-word term).
_OWN_TERM_ROLES = frozenset({Role.NAME, Role.FIRST_NAME, Role.MIDDLE_NAME, Role.LAST_NAME, Role.EMAIL,
                             Role.PHONE, Role.ADDRESS, Role.BIRTHDATE, Role.CPR, Role.URL})
# Roles whose value is removed from every other row's answers too (values that single out one person).
_GLOBAL_TERM_ROLES = frozenset({Role.NAME, Role.EMAIL, Role.PHONE, Role.CPR, Role.URL})
_WORD = re.compile(r"\w+")

REASON_LOW_CONFIDENCE = "et fund har lav sikkerhed (a finding has low confidence)"
REASON_RESIDUAL = ("kontrollen fandt persondata i et svar; cellen er fjernet helt "
                   "(verification found personal data in an answer; the cell was removed whole)")
REASON_DUPLICATE = "ansøgnings-id'et står i flere rækker (the application id appears in more than one row)"
REASON_NO_IDENTITY = ("ingen identitetskolonner genkendt i eksporten (no identity columns recognised in the export)")
REASON_NEW_FINDING = ("kontrollen fandt mulige persondata efter anonymiseringen "
                      "(verification found possible personal data after anonymisation)")


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def row_applicant(row: Sequence[Value], plan: ColumnPlan) -> Applicant:
    """The applicant's form data from a row's identity columns (empty fields when the export has none)."""
    def first(*roles: Role) -> str | None:
        for i in plan.columns(*roles):
            t = _text(row[i]) if i < len(row) else ""
            if t:
                return t
        return None

    name = first(Role.NAME)
    if name is None:
        parts = [first(r) for r in (Role.FIRST_NAME, Role.MIDDLE_NAME, Role.LAST_NAME)]
        name = " ".join(p for p in parts if p) or None
    address_parts = [_text(row[i]) for i in plan.columns(Role.ADDRESS, Role.POSTCODE, Role.CITY) if i < len(row)]
    address = ", ".join(p for p in address_parts if p) or None
    return Applicant(name=name, email=first(Role.EMAIL), phone=first(Role.PHONE), address=address,
                     birthdate=first(Role.BIRTHDATE))


def identity_values(row: Sequence[Value], plan: ColumnPlan) -> list[tuple[Role, str]]:
    """Every identity value of a row with its role (identity columns only: no answers, no id, and never the
    trial's or other equality questions, which are not used for detection)."""
    out: list[tuple[Role, str]] = []
    for i, role in enumerate(plan.roles):
        if role in NON_IDENTITY_ROLES or i >= len(row):
            continue
        t = _text(row[i])
        if t:
            out.append((role, t))
    app = row_applicant(row, plan)
    if app.name and not plan.columns(Role.NAME):
        out.append((Role.NAME, app.name))
    return out


class TermIndex:
    """Whole-word, case- and diacritic-insensitive search for many values at once (token sequences)."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Category]]] = {}

    def add(self, value: str, category: Category) -> None:
        tokens = tuple(loose_fold(t) for t in _WORD.findall(value))
        if not tokens or (len(tokens) == 1 and len(tokens[0]) < 2):
            return
        entries = self._by_first.setdefault(tokens[0], [])
        if (tokens, category) not in entries:
            entries.append((tokens, category))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> Iterator[tuple[int, int, Category]]:
        """(start, end, category) of every occurrence of an indexed value in ``text``."""
        words = list(_WORD.finditer(text))
        folded = [loose_fold(m.group()) for m in words]
        for i, tok in enumerate(folded):
            for tokens, category in self._by_first.get(tok, ()):
                n = len(tokens)
                if tuple(folded[i : i + n]) != tokens:
                    continue
                # the words must be separated by short gaps (spaces, dots, '@', '-'), not by other text
                if all(words[k + 1].start() - words[k].end() <= 3 for k in range(i, i + n - 1)):
                    yield words[i].start(), words[i + n - 1].end(), category


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@dataclass(frozen=True, slots=True)
class CellFlag:
    """A flagged cell: its column (in the export) and why; no cell text."""

    column: int
    category: str
    reason: str
    key: str = ""  # the finding key (unit and offsets) a reviewer's decision refers to


@dataclass(frozen=True, slots=True)
class RowResult:
    """One anonymised row: the kept columns' values (redacted), outcome, reasons and flagged cells."""

    values: tuple[Value, ...]
    outcome: Outcome
    reasons: tuple[str, ...] = ()
    flags: tuple[CellFlag, ...] = ()
    decisions: tuple[Decision, ...] = field(default=(), repr=False)
    redacted_cells: int = 0


@dataclass(slots=True)
class _RowState:
    """A row between redaction and verification."""

    row: Sequence[Value]
    applicant: Applicant
    units: dict[str, TextUnit]
    redacted: dict[str, str]
    decisions: list[Decision]
    lang: str
    approved: bool


class RowAnonymiser:
    """Redacts the answer columns of every row of one export with the document detectors.

    Args:
        detector: the loaded :class:`~redactor.detect.engine.Detector` (models loaded once).
        config: labels, thresholds and actions as for documents.
        plan: the columns' roles.
        rows: every row of the export (their identity values are removed from every row).
    """

    def __init__(self, detector: Detector, config: Config, plan: ColumnPlan, rows: Sequence[Sequence[Value]]) -> None:
        from presidio_anonymizer import AnonymizerEngine

        self.detector = detector
        self.config = config
        self.plan = plan
        self.anonymizer = AnonymizerEngine()
        self.global_terms = TermIndex()
        self.global_phones: set[str] = set()
        for row in rows:
            for role, value in identity_values(row, plan):
                if role in _GLOBAL_TERM_ROLES:
                    self.global_terms.add(value, _ROLE_CATEGORY[role])
                    if role in (Role.PHONE, Role.CPR) and len(_digits(value)) >= 8:
                        self.global_phones.add(_digits(value)[-8:])

    def anonymise(self, row: Sequence[Value], review: ReviewDecisions | None = None,
                  extra_reasons: Sequence[str] = ()) -> RowResult:
        """Anonymise one row (see :meth:`anonymise_all`, faster for many rows)."""
        return self.anonymise_all([row], [review], [extra_reasons])[0]

    def anonymise_all(self, rows: Sequence[Sequence[Value]], reviews: Sequence[ReviewDecisions | None],
                      extra_reasons: Sequence[Sequence[str]]) -> list[RowResult]:
        """Anonymise rows: redaction of every row, then verification of every row.

        The name model runs over all answers at once in each phase (batched), not row by row.

        Args:
            rows: the rows' values, every column.
            reviews: per row, a reviewer's decisions (restored findings, added terms, approval) or None.
            extra_reasons: per row, reasons found elsewhere (e.g. a duplicate id) that make it ``needs_review``.
        Returns:
            One RowResult per row, with the kept columns only.
        """
        prime = getattr(self.detector.names, "prime", None)
        if prime is not None:
            prime([_text(r[i]) for r in rows for i in self.plan.kept if i < len(r)])
        states = [self._redact(row, review or ReviewDecisions()) for row, review in zip(rows, reviews, strict=True)]
        if prime is not None:
            prime([t for st in states for uid, t in st.redacted.items() if t != st.units[uid].text])
        return [self._verify(st, extra) for st, extra in zip(states, extra_reasons, strict=True)]

    def _redact(self, row: Sequence[Value], review: ReviewDecisions) -> _RowState:
        cfg = self.config
        applicant = row_applicant(row, self.plan)
        units = []
        for i in self.plan.kept:
            text = _text(row[i] if i < len(row) else None)
            if text:
                units.append(TextUnit(f"c{i}", text, kind="table"))
        lang = cfg.language if cfg.language != "auto" else detect_language(units)
        findings = self.detector.detect(units, applicant, lang=lang) if units else []
        own = [(role, v) for role, v in identity_values(row, self.plan) if role in _OWN_TERM_ROLES]
        for unit in units:
            findings.extend(self._term_hits(unit, own))
        if review.terms:
            findings.extend(term_findings(units, review.terms, source="reviewer"))
        decisions = decide(findings, cfg)
        if review.restored:
            decisions = [Decision(d.finding, Action.KEEP, "restored by reviewer")
                         if finding_key(d.finding) in review.restored else d for d in decisions]
        if review.approved:
            decisions = [Decision(d.finding, Action.REDACT, "accepted by reviewer") if d.action is Action.REVIEW
                         else d for d in decisions]
        by_unit: dict[str, list[Decision]] = {}
        for d in decisions:
            if d.action is not Action.KEEP:
                by_unit.setdefault(d.finding.unit_id, []).append(d)
        redacted = {u.id: self._replace(u.text, by_unit.get(u.id, []), lang) for u in units}
        return _RowState(row, applicant, {u.id: u for u in units}, redacted, decisions, lang, review.approved)

    def _verify(self, st: _RowState, extra_reasons: Sequence[str]) -> RowResult:
        cfg = self.config
        # a reviewer's approval settles the row's flags; the identity check in write_overview still runs
        reasons: list[str] = [] if st.approved else list(extra_reasons)
        flags = [CellFlag(int(d.finding.unit_id[1:]), str(d.finding.category), "low_confidence",
                          finding_key(d.finding))
                 for d in st.decisions if d.action is Action.REVIEW]
        if flags:
            reasons.append(REASON_LOW_CONFIDENCE)
        # detection again on the output (no label pairs): what it finds with confidence is a residual
        out_units = [TextUnit(uid, text, kind="table") for uid, text in st.redacted.items()
                     if text != st.units[uid].text]
        if out_units and not st.approved:
            labels = {v for table in cfg.labels.values() for v in table.values()}
            restored = {d.finding.text.casefold() for d in st.decisions if d.action is Action.KEEP}
            again = [f for f in self.detector.detect(out_units, st.applicant, lang=st.lang, label_pairs=False)
                     if f.score >= cfg.redact_threshold and f.text.strip() not in labels
                     and f.text.casefold() not in restored and cfg.action_for(f.category) is not Action.KEEP]
            if again:
                reasons.append(REASON_NEW_FINDING)
                flags.extend(CellFlag(int(f.unit_id[1:]), str(f.category), "residual") for f in again)
        values: list[Value] = []
        n_redacted = 0
        for i in self.plan.kept:
            value = st.row[i] if i < len(st.row) else None
            uid = f"c{i}"
            if uid in st.redacted and st.redacted[uid] != _text(value):
                values.append(st.redacted[uid])
                n_redacted += 1
            else:
                values.append(value)
        outcome = Outcome.NEEDS_REVIEW if reasons else Outcome.CLEAN
        return RowResult(tuple(values), outcome, tuple(dict.fromkeys(reasons)), tuple(flags), tuple(st.decisions),
                         n_redacted)

    # ------------------------------------------------------------------------------------------------------

    def _term_hits(self, unit: TextUnit, own: list[tuple[Role, str]]) -> Iterator[Finding]:
        index = TermIndex()
        for role, value in own:
            index.add(value, _ROLE_CATEGORY.get(role, Category.OTHER))
            if role in (Role.NAME, Role.FIRST_NAME, Role.MIDDLE_NAME, Role.LAST_NAME):
                for part in _WORD.findall(value):
                    if len(part) >= 2:
                        index.add(part, Category.NAME)
        for start, end, cat in index.find(unit.text):
            yield Finding(cat, unit.id, start, end, 1.0, "applicant", unit.text[start:end])
        for start, end, cat in self.global_terms.find(unit.text):
            yield Finding(cat, unit.id, start, end, 0.99, "export", unit.text[start:end])
        if self.global_phones:
            for m in re.finditer(r"\+?\d[\d \-./()]{6,}\d", unit.text):
                if _digits(m.group())[-8:] in self.global_phones:
                    yield Finding(Category.PHONE, unit.id, m.start(), m.end(), 0.99, "export", m.group())

    def _replace(self, text: str, decisions: list[Decision], lang: str) -> str:
        if not decisions:
            return text
        from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

        results = [RecognizerResult(str(d.finding.category), d.finding.start, d.finding.end, d.finding.score)
                   for d in decisions]
        box = self.config.label_style == "box"
        operators = {str(cat): OperatorConfig("replace", {"new_value": "█████" if box
                                                          else self.config.label_for(cat, lang)})
                     for cat in {d.finding.category for d in decisions}}
        return str(self.anonymizer.anonymize(text=text, analyzer_results=results, operators=operators).text)
