"""The name gazetteer and word frequencies behind the token classes (name, ambiguous, word, unknown, stopword)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from redactor.detect.names.vocab import (
    _A,
    _N,
    _S,
    _U,
    _W,
    _WORD_SUFFIXES,
    PARTICLES,
    STOPWORDS,
    TITLES,
    skeleton,
)
from redactor.errors import DependencyMissingError

# the last part of a hyphen compound that names an institution ("Ludwig-Maximilians-Universität")
_INSTITUTION_SUFFIXES = ("universität", "universitet", "hochschule", "schule", "skolen", "skole", "gymnasium",
                         "børnehave", "akademi", "institut", "hospital", "klinik", "university", "college")

class _Lexicon:
    """Gazetteer lookups plus word frequencies; caches per instance."""

    def __init__(self, path: Path) -> None:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError as exc:
            raise DependencyMissingError(
                f"name gazetteer not found at {path}; build it with scripts/build_name_gazetteer.py"
            ) from exc
        self.first: dict[str, int] = data["first"]
        self.last: dict[str, int] = data["last"]
        self.words: frozenset[str] = frozenset(data.get("words", ()))
        self.places: frozenset[str] = frozenset(data.get("places", ()))
        # "københavn" from "københavn nv": a town whose gazetteer entries all carry a district code
        self.places |= frozenset(x.split(" ", 1)[0] for x in self.places if re.fullmatch(r"\S+ \S{1,3}", x))
        self.lower: frozenset[str] | None = frozenset(data["lower"]) if "lower" in data else None
        self.world_places = _multiword_cities(path.parent.parent / "gazetteers" / "cities.tsv.gz")
        self._class: dict[str, str] = {}
        self._zipf: dict[str, float] = {}
        self._concat: tuple[dict[str, str], dict[str, str]] | None = None
        try:
            from wordfreq import zipf_frequency
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise DependencyMissingError("wordfreq is not installed") from exc
        self._zipf_frequency = zipf_frequency
        self.zipf("og")  # load both frequency tables now, not during the first document
        self.zipf("the")

    def concat_index(self) -> tuple[dict[str, str], dict[str, str]]:
        """Skeletons of common given names and surnames (rank <= 2), for names written run together."""
        if self._concat is None:
            firsts = {skeleton(k): k for k, r in self.first.items() if r <= 2 and len(k) >= 3 and k.isalpha()}
            lasts = {skeleton(k): k for k, r in self.last.items() if r <= 2 and len(k) >= 3 and k.isalpha()}
            self._concat = (firsts, lasts)
        return self._concat

    def split_concat(self, word: str) -> tuple[str, str] | None:
        """``word`` as a common given name and surname run together, either order, or None.

        "andersjohansen" -> ("anders", "johansen"); "JensenMette" -> ("jensen", "mette"); spellings are
        compared by skeleton ("soerenoestergaard"). Both parts must be common names, not both ordinary words,
        and the whole must not be a word or a single name itself.
        """
        low = word.casefold().replace("-", "").replace("'", "")
        key = skeleton(low)
        if len(key) < 8 or not key.isalpha() or self.rank(low) is not None:
            return None
        if max(self.zipf(low), self.zipf(key)) > 1.0:
            return None  # an ordinary word ("montering", "ernæring") is no concatenation
        firsts, lasts = self.concat_index()
        for i in range(3, len(key) - 2):
            a, b = key[:i], key[i:]
            for x, y in ((a, b), (b, a)):
                fx, ly = firsts.get(x), lasts.get(y)
                if fx is None or ly is None or (len(x) == 3 and len(y) < 6) or (len(y) == 3 and len(x) < 5):
                    continue
                if fx in self.words and ly in self.words:
                    continue
                return (a, b)
        return None

    def zipf(self, low: str) -> float:
        z = self._zipf.get(low)
        if z is None:
            z = max(self._zipf_frequency(low, "da"), self._zipf_frequency(low, "en"))
            self._zipf[low] = z
        return z

    def very_common_surname(self, low: str) -> bool:
        """One of a country's most frequent surnames that is also frequent in Danish text (Hansen, Nielsen)."""
        return self.last.get(low) == 1 and self._zipf_frequency(low, "da") >= 4.3

    def rank(self, low: str) -> int | None:
        a = self.first.get(low)
        b = self.last.get(low)
        if a is None:
            return b
        if b is None:
            return a
        return min(a, b)

    def is_first(self, low: str) -> bool:
        r = self.first.get(low)
        return r is not None and (r <= 3 or low not in self.words)

    def is_last(self, low: str) -> bool:
        r = self.last.get(low)
        if r is None and "-" in low:  # a double surname ("skov-petersen") counts when one part is known
            return any(self.is_last(x) for x in low.split("-") if x and x not in PARTICLES)
        return r is not None and (r <= 3 or low not in self.words)

    def klass(self, low: str) -> str:
        c = self._class.get(low)
        if c is None:
            c = self._classify(low)
            self._class[low] = c
        return c

    @staticmethod
    def _chinese_like(parts: list[str]) -> bool:
        """Romanised two-syllable given names ("chin-lung", "shu-chuan"): short open syllables."""
        return all(len(x) <= 6 and re.fullmatch(r"[bcdfghjklmnpqrstwxyz]{0,3}[aeiouü]{1,3}(?:ng|n|h)?", x)
                   for x in parts)

    def _classify(self, low: str) -> str:
        low = low.replace("’", "'")
        if low in STOPWORDS or low in PARTICLES or low in TITLES:
            return _S
        if "-" in low:
            parts = [p for p in low.split("-") if p]
            if len(parts) >= 2 and (parts[-1].endswith(_INSTITUTION_SUFFIXES)
                                    or (parts[-1].endswith(_WORD_SUFFIXES) and self.klass(parts[-1]) == _W)):
                return _W  # "Steiner-skolen", "Jensen-gruppen": a school or business named after a person
            if len(parts) == 2 and all(len(x) >= 2 for x in parts) and parts[0] not in STOPWORDS and not any(
                x.endswith(_WORD_SUFFIXES) or x in self.places for x in parts
            ) and all(self.zipf(x) < 4.5 for x in parts) and self._chinese_like(parts):
                return _U
            if parts and parts[0] in PARTICLES and len(parts) > 1:
                parts = parts[1:]
                rest = [self.klass(p) for p in parts]
                return _N if all(r in (_N, _U, _A) for r in rest) else _W
            sub = [self.klass(p) for p in parts if p not in PARTICLES] or [_S]
            if any(s == _N for s in sub) and all(s != _S for s in sub):
                return _N
            if all(s in (_W, _S) for s in sub):
                return _W
            if all(s in (_U, _A, _N) for s in sub):
                return _U if _U in sub else _A
            return _W
        r = self.rank(low)
        if r is not None:
            if low in self.words:
                return _A if r <= 3 else _W
            if r <= 3:
                return _N
            return _W if self.zipf(low) >= 3.5 or low.endswith(_WORD_SUFFIXES) else _U
        if low.endswith(("'s", "’s")):
            return self.klass(low[:-2])
        if len(low) > 3 and low.endswith("s") and (self.rank(low[:-1]) or 9) <= 2:
            base = self.klass(low[:-1])  # a genitive ("Sørens", "Jensens")
            if base in (_N, _A):
                return base
        if low.endswith(_WORD_SUFFIXES) and len(low) > 7:
            return _W
        if self.lower is not None:
            # a frequent word that no spelling dictionary lists in lower case is a proper noun
            return _W if low in self.lower else _U
        if self.zipf(low) >= 3.0:
            return _W
        return _U


def _multiword_cities(path: Path) -> frozenset[str]:
    """World city names of two or more words ("san jose", "los angeles"), folded like the rules' gazetteers.

    The compiled GeoNames gazetteer of ``scripts/build_gazetteers.py``; empty when it is not there. One-word
    cities are left out: too many are also given names or surnames (Austin, Florence, Jackson).
    """
    if not path.is_file():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(name for line in fh if " " in (name := line.partition("\t")[0]))
