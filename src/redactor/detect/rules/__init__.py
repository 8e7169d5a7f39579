"""Pattern and cue recognizers for every category except names, run as one :class:`RuleSet`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from redactor.detect.layout import BlockLine
from redactor.detect.rules.age import AgeRecognizer
from redactor.detect.rules.block import ContactBlockRecognizer
from redactor.detect.rules.common import (
    Gazetteers,
    RuleHit,
    load_gazetteers,
    merge_hits,
    unit_language,
    word_tokens,
)
from redactor.detect.rules.contact import ContactRecognizer
from redactor.detect.rules.cpr import CprRecognizer
from redactor.detect.rules.dates import BirthdateRecognizer
from redactor.detect.rules.ethnicity import EthnicityRecognizer
from redactor.detect.rules.family import FamilyRecognizer
from redactor.detect.rules.gender import GenderRecognizer
from redactor.types import Category

__all__ = ["RuleHit", "RuleSet", "Gazetteers", "load_gazetteers"]


class RuleSet:
    """All rule recognizers with their gazetteers, loaded once.

    Args:
        models_dir: folder holding ``gazetteers/`` (built by ``scripts/build_gazetteers.py``). Default: found
            by :func:`redactor.models.find_models`.
        today: the reference date for "16+ years back" and CPR plausibility (default: today's date at each call).

    Raises:
        ModelsMissingError: when the compiled gazetteers are missing.
    """

    def __init__(self, models_dir: Path | None = None, *, today: date | None = None) -> None:
        self.gazetteers = load_gazetteers(models_dir)
        self._today = today
        self._cpr = CprRecognizer()
        self._birth = BirthdateRecognizer()
        self._age = AgeRecognizer()
        self._gender = GenderRecognizer()
        self._ethnicity = EthnicityRecognizer(self.gazetteers)
        self._family = FamilyRecognizer()
        self._contact = ContactRecognizer(self.gazetteers)
        self._block = ContactBlockRecognizer(self.gazetteers)

    def regions(self, texts: Iterable[str]) -> tuple[str, ...]:
        """Phone regions a document suggests (country names, cities, calling codes, domains), strongest first."""
        return self._block.regions(texts)

    def analyze_block_line(
        self,
        text: str,
        line: BlockLine,
        regions: tuple[str, ...],
        taken: list[tuple[int, int]],
        *,
        address_only: bool = False,
    ) -> list[RuleHit]:
        """Hits on one contact-block line of ``text``: residence, bare street, national-format phone, handle.

        Args:
            text: the unit's text; ``line`` is a span of it (from :func:`redactor.detect.layout.contact_block`).
            regions: from :meth:`regions`, tried first when reading a national-format phone number.
            taken: spans already found by other rules (not found again).
            address_only: read the address rules only (a line beside an address line of the block).
        """
        return self._block.find(text, line, regions, taken, address_only=address_only)

    def analyze_number_lines(self, text: str, regions: tuple[str, ...], taken: list[tuple[int, int]]) -> list[RuleHit]:
        """Phones written alone on a line of ``text``, in or out of the contact block (see
        :meth:`ContactBlockRecognizer.lone_numbers`); ``regions`` and ``taken`` as for :meth:`analyze_block_line`."""
        return self._block.lone_numbers(text, regions, taken)

    def analyze(self, text: str, *, lang: str = "da") -> list[RuleHit]:
        """Every rule hit in one text unit, offsets into ``text``; overlapping hits of one category merged.

        Args:
            text: one text unit (NFKC-normalised; "\\n" between lines).
            lang: the document language ("da" or "en"); a prior for words whose meaning depends on it.
        """
        if not text or not text.strip():
            return []
        today = self._today or date.today()
        hits: list[RuleHit] = []
        contact = self._contact.find(text)
        cpr = self._cpr.find(text, today)
        hits += contact
        hits += cpr
        # a CPR or a phone number is never also a date
        taken = [(h.start, h.end) for h in cpr] + [
            (h.start, h.end) for h in contact if h.category in (Category.PHONE, Category.EMAIL, Category.URL)
        ]
        hits += self._birth.find(text, today, taken)
        hits += self._age.find(text)
        tokens = word_tokens(text)
        ulang = unit_language(text, lang)
        hits += self._gender.find(text, lang, tokens=tokens, ulang=ulang)
        hits += self._ethnicity.find(text, lang, tokens=tokens)
        hits += self._family.find(text, lang, ulang=ulang)
        return merge_hits(hits)
