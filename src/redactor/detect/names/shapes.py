"""Names as real layouts write them: letter-spaced, in another script beside the Latin one, a given name alone
as the subject of a third-person bio, template placeholder names, and the large top line of page 1."""

from __future__ import annotations

import re
import unicodedata

from redactor.detect.names.filters import NameFilters, _is_street
from redactor.detect.names.vocab import (
    _A,
    _COMPANY_AFTER,
    _N,
    _S,
    _U,
    _W,
    _WORD_SUFFIXES,
    MIN_SCORE,
    PARTICLES,
    _Cand,
    _Tok,
    _Unit,
    _wordset,
    skeleton,
)

# Letters spaced out one by one ("M I C H A E L   B E C K", "S o f i e  L u n d"): single letters separated
# by one to three spaces (a wider gap, or a double space, separates words).
_SPACED_RE = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ \u00a0]{1,3}[^\W\d_]){3,}(?![^\W\d_])")
_WORD_GAP_RE = re.compile(r"[ \u00a0]{2,}")

# A given name alone as the subject of a third-person sentence ("Priya is a ...", "Oluwaseun har ...").
_BIO_VERBS = (
    r"is|was|has|had|holds|brings|works|worked|joined|leads|led|loves|enjoys|thrives|specializes|specialises|"
    r"believes|combines|started|graduated|studied|lives|speaks|"
    r"er|var|har|havde|arbejder|arbejdede|brænder|besidder|kombinerer|startede|studerer|studerede|elsker|"
    r"trives|leder|ledte|tog|blev|bor|taler"
)
_BIO_RE = re.compile(rf"(?P<name>[^\W\d_][\w'’-]*)[ \t]+(?:{_BIO_VERBS})[ \t]+(?=[^\W\d_])")

# Template placeholder names: they are still names (a filled-in template may keep them in metadata or a
# second page), and a reviewer must see them removed like any other name.
_PLACEHOLDER_RE = re.compile(
    r"(?<![\w@.])(?:(?:your|dit|mit|ihr|votre|tu|su)[ \t]+(?:full[ \t]+|fulde[ \t]+)?(?:name|navn|nombre|nom)"
    r"(?:[ \t]+here|[ \t]+her)?|first[ \t]?name[ \t]+last[ \t]?name|fornavn[ \t]+efternavn|"
    r"vorname[ \t]+nachname|pr[ée]nom[ \t]+nom|"
    r"(?:john|jane|richard|baby|jon|johnny|janie)[ \t]+(?:[A-Z]\.[ \t]+)?doe|"
    r"(?:max|erika|eva|maxi|petra)[ \t]+mustermann|navn[ \t]+navnesen|(?:ola|kari)[ \t]+nordmann|"
    r"joe[ \t]+bloggs|jan[ \t]+kowalski|mario[ \t]+rossi|jean[ \t]+dupont|juan[ \t]+p[ée]rez|fulano[ \t]+de[ \t]+tal)"
    r"(?![\w@.])(?![ \t]*[:：])",
    re.IGNORECASE,
)

# the placeholders that hold no name at all: not searched for elsewhere ("Here", "Name" are ordinary words)
_GENERIC_PLACEHOLDER_RE = re.compile(
    r"(?:your|dit|mit|ihr|votre|tu|su|first|fornavn|vorname|pr[ée]nom)\b.*", re.IGNORECASE | re.DOTALL
)

# Scripts whose names are written without Latin letters; CJK and Hangul write a whole name without spaces.
_OTHER_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "CYRILLIC", "GREEK", "HEBREW", "DEVANAGARI",
                  "BENGALI", "GURMUKHI", "GUJARATI", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA",
                  "THAI", "ETHIOPIC", "ARMENIAN", "GEORGIAN", "SYRIAC", "THAANA", "MYANMAR", "KHMER", "LAO")
_NO_SPACE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")
# a name in another script right beside a found name: "Li Wei (李伟)", "Анна Петрова / Anna Petrova"
_BESIDE_AFTER_RE = re.compile(r"[ \t]*(?:[(（\[]|/|\||–|-|,)?[ \t]*(?P<run>[^\W\d_][^\W\d_ \t'’.-]*(?:[ \t.·・-]"
                              r"[^\W\d_][^\W\d_ \t'’.-]*){0,3})[ \t]*[)）\]]?")
_BESIDE_BEFORE_RE = re.compile(r"(?P<run>[^\W\d_][^\W\d_ \t'’.-]*(?:[ \t.·・-][^\W\d_][^\W\d_ \t'’.-]*){0,3})"
                               r"[ \t]*(?:[)）\]][ \t]*|/[ \t]*|\|[ \t]*|[ \t])$")
# title words that make a top line a job title or a heading, not a name ("Data Analyst", "Software Engineer")
_ROLE_WORDS = _wordset(
    """
    analyst engineer developer designer manager consultant specialist assistant officer director architect
    scientist researcher student graduate teacher nurse lead senior junior intern trainee coordinator
    administrator accountant economist lawyer advokat jurist economist ingeniør udvikler konsulent
    sygeplejerske pædagog lærer studerende leder projektleder chef medarbejder elev assistent professional
    """
)


def script_of(ch: str) -> str:
    """The Unicode script family of a letter ("LATIN", "CJK", "CYRILLIC", ...), from its character name."""
    name = unicodedata.name(ch, "")
    for script in ("LATIN", *_OTHER_SCRIPTS):
        if name.startswith(script) or f" {script} " in f" {name} ":
            return script
    return ""


def other_script(word: str) -> str:
    """The non-Latin script every letter of ``word`` is written in, or "" (Latin, mixed or no letters)."""
    scripts = {script_of(c) for c in word if c.isalpha()}
    if len(scripts) != 1:
        return ""
    (script,) = scripts
    return script if script in _OTHER_SCRIPTS else ""


def generic_placeholder(value: str) -> bool:
    """A template's placeholder that names nobody ("Your Name Here", "Fornavn Efternavn"), unlike "John Doe"."""
    value = value.strip()
    return _PLACEHOLDER_RE.fullmatch(value) is not None and _GENERIC_PLACEHOLDER_RE.fullmatch(value) is not None


def unspace_letters(value: str) -> str:
    """A letter-spaced value written normally ("M I C H A E L   B E C K" -> "MICHAEL BECK"); others unchanged."""
    m = _SPACED_RE.fullmatch(value.strip())
    if m is None:
        return value
    words = _WORD_GAP_RE.split(m.group(0))
    return " ".join(w.replace(" ", "").replace("\u00a0", "") for w in words)


class NameShapes(NameFilters):
    """Signals for the shapes real layouts give names (see the module docstring)."""

    # --- letter-spaced names ----------------------------------------------------------------------------
    def _letter_spaced(self, prepared: list[_Unit]) -> list[_Cand]:
        """Letters spaced out one by one, words parted by wider gaps (or run together: split as first+last)."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            for ls, le in p.lines:
                for m in _SPACED_RE.finditer(text, ls, le):
                    words = [w.replace(" ", "").replace("\u00a0", "") for w in _WORD_GAP_RE.split(m.group(0))]
                    if len(words) == 1:
                        split = lex.split_concat(words[0])
                        if split is not None:
                            words = list(split)
                    lows = [w.casefold() for w in words]
                    if not 2 <= len(words) <= 4 or any(len(w) < 2 for w in words):
                        continue
                    classes = [lex.klass(w) for w in lows]
                    if any(c == _S for c in classes) or any(w.endswith(_WORD_SUFFIXES) for w in lows):
                        continue  # "C O N T A C T", "E R F A R I N G"
                    known = any(lex.is_first(w) or lex.is_last(w) for w in lows if w not in PARTICLES)
                    if not known or all(c == _W for c in classes):
                        continue
                    out.append(_Cand(p.unit.id, m.start(), m.end(), 0.85, "layout"))
        return out

    # --- third-person bios ------------------------------------------------------------------------------
    def _bio_subjects(self, prepared: list[_Unit]) -> list[_Cand]:
        """A known given name alone as the subject of a sentence in running text ("Priya is a data engineer")."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            if p.unit.kind not in ("body", "table", "textbox", "header", "footer", "ocr"):
                continue
            text = p.unit.text
            for t in p.toks:
                if not t.sent_init or not t.cap or t.upper or t.handle or len(t.text) < 3:
                    continue
                m = _BIO_RE.match(text, t.start)
                if m is None or m.end("name") != t.end:
                    continue
                if t.low in lex.places or lex.klass(t.low) not in (_N, _A, _U) or not lex.is_first(t.low):
                    continue
                if lex.klass(t.low) == _A and lex.zipf(t.low) >= 4.0:
                    continue  # "Will has ...", "Mark was ...": a frequent word at a sentence start
                out.append(_Cand(p.unit.id, t.start, t.end, 0.75, "ner"))
        return out

    # --- template placeholders --------------------------------------------------------------------------
    def _placeholders(self, prepared: list[_Unit]) -> list[_Cand]:
        """Placeholder names of templates ("Your Name Here", "John Doe", "Fornavn Efternavn") in any case."""
        out: list[_Cand] = []
        for p in prepared:
            text = p.unit.text
            for m in _PLACEHOLDER_RE.finditer(text):
                words = m.group(0).split()
                if not all(w[:1].isupper() for w in words):
                    continue  # "write your name here" in prose is an instruction, not a name
                out.append(_Cand(p.unit.id, m.start(), m.end(), 0.9, "layout"))
        return out

    # --- other scripts --------------------------------------------------------------------------------------
    def _beside_in_other_script(self, prepared: list[_Unit], merged: list[_Cand]) -> list[_Cand]:
        """A name in another script right beside a found name ("Li Wei (李伟)", "Анна Петрова / Anna Petrova")."""
        by_id = {p.unit.id: p for p in prepared}
        out: list[_Cand] = []
        for c in merged:
            if c.score < MIN_SCORE:
                continue
            text = by_id[c.unit_id].unit.text
            ls = text.rfind("\n", 0, c.start) + 1
            le = text.find("\n", c.end)
            le = len(text) if le < 0 else le
            m = _BESIDE_AFTER_RE.match(text, c.end, le)
            if m is not None and self._other_script_name(m.group("run")):
                out.append(_Cand(c.unit_id, m.start("run"), m.end("run"), c.score, c.source))
            m = _BESIDE_BEFORE_RE.search(text, ls, c.start)
            if m is not None and self._other_script_name(m.group("run")):
                out.append(_Cand(c.unit_id, m.start("run"), m.end("run"), c.score, c.source))
        return out

    @staticmethod
    def _other_script_name(run: str) -> bool:
        """A short run written in one non-Latin script, name-sized (a CJK name is 2-4 characters)."""
        words = [w for w in re.split(r"[ \t.·・-]+", run) if w]
        if not words or len(words) > 4:
            return False
        scripts = {other_script(w) for w in words}
        if len(scripts) != 1 or "" in scripts:
            return False
        (script,) = scripts
        if script in _NO_SPACE_SCRIPTS:
            return sum(len(w) for w in words) <= 6
        return all(len(w) >= 2 for w in words)

    # --- the large top line of page 1 -------------------------------------------------------------------------
    def _top_line_name(self, p: _Unit, toks: list[_Tok]) -> tuple[list[_Tok], str] | None:
        """The top line of page 1 as a name when the name-shape test cut it at an ordinary word.

        A header line is a name when it is two to four capitalised words (initials allowed), the first word
        is a known given name, no word is a heading word, a job-title word or a company or street cue
        ("John Doe", "Eva K. Bang"); a lone CJK or Hangul word of two to four characters is a full name, and so
        is a common given name and surname run together ("johnsmith").
        """
        if len(toks) == 1 and other_script(toks[0].text) in _NO_SPACE_SCRIPTS and 2 <= len(toks[0].text) <= 4:
            return toks, "medium"
        if len(toks) == 1 and not toks[0].handle and self._header_concat(toks[0].low):
            return toks, "strong"  # "johnsmith", "MetteHolm": a header setting given name and surname together
        text = p.unit.text
        lex = self.lex
        core = [t for t in toks if not t.initial and t.low not in PARTICLES]
        if not 2 <= len(core) <= 4 or len(toks) > 6:
            return None
        for a, b in zip(toks, toks[1:], strict=False):
            gap = text[a.end : b.start]
            if gap not in (" ", "-", "\u00a0") and not (a.initial and gap in (". ", ".", ".-")):
                return None
        if not all(t.cap for t in core) or any(t.handle for t in toks):
            return None
        if not lex.is_first(core[0].low) or lex.klass(core[0].low) not in (_N, _A):
            return None
        classes = [lex.klass(t.low) for t in core]
        if any(c == _S for c in classes) or any(t.low in _ROLE_WORDS or t.low.endswith(_WORD_SUFFIXES)
                                                 for t in core):
            return None
        if _COMPANY_AFTER.match(text, toks[-1].end) or any(_COMPANY_AFTER.fullmatch(t.text) for t in core):
            return None
        if _is_street(text, core) or any(t.low in lex.places for t in core):
            return None
        if sum(c in (_N, _A, _U) for c in classes) < len(core) - 1:
            return None  # at most one ordinary word ("Doe"): "Grand Central Station" is no name
        if all(c == _W for c in classes[1:]) and len(core) > 2:
            return None
        return toks, "strong" if _N in classes else "medium"

    def _header_concat(self, low: str) -> bool:
        """A common given name and a common surname run together, either order ("johnsmith").

        Looser than ``split_concat`` (which guards handles in running text): both parts may also be words,
        because only a header line is asked.
        """
        if self.lex.split_concat(low) is not None:
            return True
        key = skeleton(low)
        if not 7 <= len(key) <= 24 or not key.isalpha() or self.lex.rank(low) is not None or self.lex.zipf(low) > 1.0:
            return False
        firsts, lasts = self.lex.concat_index()
        return any((key[:i] in firsts and key[i:] in lasts) or (key[:i] in lasts and key[i:] in firsts)
                   for i in range(3, len(key) - 2))


__all__ = ["NameShapes", "generic_placeholder", "other_script", "script_of", "unspace_letters"]
