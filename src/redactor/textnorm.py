"""Unicode normalisation for extracted text: what real CVs do to text, undone word by word."""

from __future__ import annotations

import re
import unicodedata

# Spacing accents that broken PDF fonts emit before (or after) the base letter, mapped to combining marks.
_SPACING_TO_COMBINING = {
    "\u02da": "\u030a",  # ˚ ring above  -> å
    "\u00a8": "\u0308",  # ¨ diaeresis   -> ä ö ü
    "\u00b4": "\u0301",  # ´ acute       -> é
    "\u02dd": "\u030b",  # ˝ double acute
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve       -> ă ğ
    "\u02d9": "\u0307",  # ˙ dot above   -> ż ė
    "\u02db": "\u0328",  # ˛ ogonek      -> ą ę
    "\u00af": "\u0304",  # ¯ macron      -> ā ō
    "`": "\u0300",
}
# Control codes that LaTeX T1/OT1 fonts without a ToUnicode map put where ligatures and dashes were.
_CONTROL_GLYPHS = {
    "\x0b": "ff",
    "\x0c": "fi",
    "\x0e": "ffi",
    "\x0f": "ffl",
    "\x1b": "ff",
    "\x1c": "fi",
    "\x1d": "fl",
    "\x1e": "ffi",
    "\x1f": "ffl",
    "\x15": "\u2013",
    "\x16": "\u2014",
}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACING_RE = re.compile("([" + "".join(_SPACING_TO_COMBINING) + "])([A-Za-zı])")
# Some producers put the spacing accent after its letter ("o¨", "a˚"): only where no letter follows, after the
# letters that take that accent, so an accent before the next letter ("p˚a") still goes with that letter.
_SPACING_AFTER_RE = re.compile(
    "([AEIOUYaeiouy])([\u00a8\u02da\u00b4\u02c6\u02dc`\u02dd])(?![A-Za-z])"
    "|([CSTcst])(\u00b8)(?![A-Za-z])|([CSZRNEcszrne])(\u02c7)(?![A-Za-z])"
)
# TeX writes í as a dotless i under the accent ("´ı"): the dotless i takes the mark as a plain i.
_DOTLESS_RE = re.compile("\u0131(?=[\u0300-\u036f])")


def _accents(word: str) -> str:
    """Spacing accents joined with their letters as combining marks (before NFKC composes them)."""
    word = _SPACING_RE.sub(lambda m: m.group(2) + _SPACING_TO_COMBINING[m.group(1)], word)
    if any(c in _SPACING_TO_COMBINING for c in word):
        word = _SPACING_AFTER_RE.sub(
            lambda m: next(
                m.group(i) + _SPACING_TO_COMBINING[m.group(i + 1)] for i in (1, 3, 5) if m.group(i) is not None
            ),
            word,
        )
    return _DOTLESS_RE.sub("i", word)


def normalize_word(word: str) -> str:
    """Normalise one extracted word: ligature codes, spacing accents, NFKC, invisible characters."""
    if not word:
        return word
    if any(c in _CONTROL_GLYPHS for c in word):
        word = "".join(_CONTROL_GLYPHS.get(c, c) for c in word)
    word = word.translate(_INVISIBLE)
    if any(c in _SPACING_TO_COMBINING for c in word):
        word = _accents(word)
    return unicodedata.normalize("NFKC", word)


_CONTROL_TABLE = str.maketrans({**_CONTROL_GLYPHS, **{chr(k): None for k in _INVISIBLE}})


def normalize_text(text: str) -> str:
    """Normalise a whole text (no offset map): what normalize_word does, plus collapsed whitespace."""
    text = text.translate(_CONTROL_TABLE)
    if any(c in _SPACING_TO_COMBINING for c in text):
        text = _accents(text)
    return " ".join(unicodedata.normalize("NFKC", text).split())


_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA", "ß": "ss"})


def ascii_fold(text: str) -> str:
    """Danish-aware ASCII folding: æ->ae, ø->oe, å->aa, other diacritics stripped."""
    if text.isascii():
        return text
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.translate(_FOLD)))


def loose_fold(text: str) -> str:
    """The loosest comparable form: casefolded, ø->o, å->a, æ->ae, diacritics stripped."""
    text = text.casefold()
    if text.isascii():
        return text
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))


def comparable(text: str) -> str:
    """Casefolded, normalised, whitespace-collapsed form used to compare values."""
    return normalize_text(text).casefold()
