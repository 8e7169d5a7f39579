"""The name detector: runs the signals, the filters and propagation over a document's text units."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from redactor.detect.names.explain import NameTrace, Proposal, Rejection
from redactor.detect.names.lexicon import _Lexicon
from redactor.detect.names.propagation import NamePropagation
from redactor.detect.names.shapes import generic_placeholder, unspace_letters
from redactor.detect.names.signals import NameSignals
from redactor.detect.names.vocab import (
    _CHUNK_RE,
    _HANDLE_KINDS,
    _PLACEHOLDER_NAMES,
    _SENTENCE_END,
    _WORD_RE,
    MIN_SCORE,
    PROPAGATE_THRESHOLD,
    _Cand,
    _is_handle_chunk,
    _Seed,
    _Tok,
    _Unit,
)
from redactor.errors import DependencyMissingError
from redactor.models import find_models
from redactor.types import Applicant, Category, Finding, TextUnit

log = logging.getLogger(__name__)

class NameDetector(NameSignals, NamePropagation):
    """Finds person names in text units; load once, call ``detect`` per document.

    Args:
        models_dir: folder holding ``ner/`` (the spaCy pipeline) and ``names/names.json.gz`` (the compiled
            gazetteer). Default: found by :func:`redactor.models.find_models` (``REDACTOR_MODELS``, the
            installed package's models, the checkout's ``models/``).
        threshold: minimum confidence of a name for its parts to be propagated to the rest of the document.
    Raises:
        ModelsMissingError: the model or the gazetteer is missing (a :class:`DependencyMissingError`).
    """

    def __init__(self, models_dir: Path | None = None, *, threshold: float = PROPAGATE_THRESHOLD) -> None:
        models_dir = find_models(models_dir, ("ner", "names"))
        self.threshold = threshold
        self.trace: NameTrace | None = None  # explain mode (see ``redactor.detect.names.explain``)
        self.lex = _Lexicon(models_dir / "names" / "names.json.gz")
        ner_dir = models_dir / "ner"
        if not (ner_dir / "config.cfg").is_file():
            raise DependencyMissingError(f"NER model not found at {ner_dir}; train it with scripts/train_ner.py")
        import spacy

        self.nlp = spacy.load(ner_dir)
        # NER results by unit text, so that verification does not re-run the model on paragraphs that
        # redaction left unchanged. It holds document text: the pipeline clears it after every document.
        self._ner_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def clear_cache(self) -> None:
        """Forget the NER results kept for the current document."""
        self._ner_cache.clear()

    # ------------------------------------------------------------------------------------------------------
    def detect(
        self, units: Sequence[TextUnit], applicant: Applicant | None = None, *, lang: str = "da"
    ) -> list[Finding]:
        """Find names in every unit.

        Args:
            units: the document's text units (any kind: body, header, metadata, filename, link ...).
            applicant: the application form's data; its ``name`` is matched exactly and fuzzily.
            lang: document language ("da" or "en"); word frequencies of both languages are used either way.
        Returns:
            ``Finding``s of category NAME with offsets into each unit's text, one per name occurrence
            (overlapping signals merged), sources "ner", "label", "layout", "signature", "gazetteer",
            "applicant" or "propagation".
        """
        del lang  # both languages' word frequencies are always consulted (CVs mix them)
        prepared = [self._prepare(u) for u in units if u.text and u.text.strip()]
        if not prepared:
            return []
        by_id = {p.unit.id: p for p in prepared}
        cands: list[_Cand] = []
        blocked: dict[str, list[tuple[int, int]]] = {}
        signals: tuple[tuple[str, Callable[[], list[_Cand]]], ...] = (
            ("ner", lambda: self._ner(prepared, blocked)),
            ("labels", lambda: self._labels_and_signatures(prepared)),
            ("layout", lambda: self._layout(prepared)),
            ("gazetteer", lambda: self._gazetteer(prepared, blocked)),
            ("titles", lambda: self._titles_and_inverted(prepared)),
            ("handles", lambda: self._handles(prepared)),
            ("filenames", lambda: self._filenames(prepared)),
            ("run_together", lambda: self._run_together(prepared)),
            ("letter_spaced", lambda: self._letter_spaced(prepared)),
            ("bio", lambda: self._bio_subjects(prepared)),
            ("placeholders", lambda: self._placeholders(prepared)),
            ("initials", lambda: self._initials_and_surname(prepared)),
            ("other_script", lambda: self._other_script_lines(prepared)),
        )
        for signal, run in signals:
            found = run()
            self._propose(by_id, signal, found)
            cands += found
        cands = self._drop_employers(prepared, cands)
        seeds: list[_Seed] = []
        if applicant is not None and applicant.name:
            seeds += self._seeds_from_name(applicant.name, 0.95, "applicant")
        merged = self._merge(cands, prepared)

        def add(signal: str, found: list[_Cand]) -> None:
            """Candidates a signal found by reading the merged ones: proposed, added, merged again."""
            nonlocal merged
            self._propose(by_id, signal, found)
            if found:
                cands.extend(found)
                merged = self._merge(cands, prepared)

        add("wrap", self._wrapped(prepared, merged))
        add("name_list", self._name_list_items(prepared, merged))
        add("other_script", self._beside_in_other_script(prepared, merged))
        for c in merged:
            value = unspace_letters(by_id[c.unit_id].unit.text[c.start : c.end])
            if (value.strip().casefold() in _PLACEHOLDER_NAMES or self.lex.split_concat(value) is not None
                    or generic_placeholder(value)):
                continue  # a run-together handle ("andersjohansen") is no name part to search for
            if c.score >= self.threshold:
                seeds += self._seeds_from_name(value, c.score, "propagation")
        if seeds:
            propagated = self._propagate(prepared, seeds)
            if self.trace is not None:
                for source in ("applicant", "propagation"):
                    self._propose(by_id, source, [c for c in propagated if c.source == source])
            cands += propagated
            merged = self._merge(cands, prepared)
            # a list whose names propagation found is a list of names too ("Adrien Roux, Jean-Luc Petit, ...")
            add("name_list", self._name_list_items(prepared, merged))
        add("initials", self._initials_beside_authors(prepared, merged))
        if self.trace is not None:
            for c in merged:
                value = by_id[c.unit_id].unit.text[c.start : c.end]
                if value.strip().casefold() in _PLACEHOLDER_NAMES:
                    self.trace.rejections.append(Rejection("placeholder", c.source, value))
                elif c.score < MIN_SCORE:
                    self.trace.rejections.append(Rejection("low_score", c.source, value))
        findings = [
            Finding(Category.NAME, c.unit_id, c.start, c.end, round(c.score, 3), c.source,
                    by_id[c.unit_id].unit.text[c.start : c.end])
            for c in merged
            if c.score >= MIN_SCORE
            and by_id[c.unit_id].unit.text[c.start : c.end].strip().casefold() not in _PLACEHOLDER_NAMES
        ]
        log.debug("name findings: %d in %d units", len(findings), len(prepared))
        return findings

    def _propose(self, by_id: dict[str, _Unit], signal: str, cands: list[_Cand]) -> None:
        """Record in explain mode the candidates ``signal`` proposed."""
        if self.trace is None:
            return
        for c in cands:
            self.trace.proposals.append(Proposal(signal, by_id[c.unit_id].unit.text[c.start : c.end], c.score))

    # --- preparation ------------------------------------------------------------------------------------
    def _prepare(self, unit: TextUnit) -> _Unit:
        text = unit.text
        lines: list[tuple[int, int]] = []
        by_line: list[list[_Tok]] = []
        toks: list[_Tok] = []
        handle_all = unit.kind in _HANDLE_KINDS
        pos = 0
        for li, part in enumerate(text.split("\n")):
            lines.append((pos, pos + len(part)))
            line_toks: list[_Tok] = []
            for chunk in _CHUNK_RE.finditer(part):
                cs = chunk.start()
                handle = handle_all or _is_handle_chunk(chunk.group())
                for m in _WORD_RE.finditer(chunk.group()):
                    s = cs + m.start()
                    k = s - 1
                    while k >= 0 and part[k] in " \t\"'“”‘’([":
                        k -= 1
                    sent_init = k < 0 or part[k] in _SENTENCE_END
                    word = m.group()
                    if not handle and (part[s + len(word) : s + len(word) + 1].isdigit()
                                       or (s > 0 and part[s - 1].isdigit())):
                        continue  # "PRINCE2", "3D"
                    line_toks.append(_Tok(pos + s, pos + s + len(word), word, word.casefold(), li, sent_init,
                                          handle))
            by_line.append(line_toks)
            toks += line_toks
            pos += len(part) + 1
        return _Unit(unit, toks, lines, by_line, [t.start for t in toks])

