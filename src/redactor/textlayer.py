"""Does a PDF page's text layer read as language?

A text layer can be present and still useless: fonts without a usable ToUnicode map give glyph numbers
(control characters, shifted letters, private-use code points), so detection sees garbage while the page
shows a name. Such a page must be treated as a scan (OCR, pixel redaction, verification by OCR); a page
that cannot be read either way is never released as clean.

The test is deliberately cheap (no OCR): character classes and a few word statistics that real text of any
Latin-script language passes, and glyph garbage fails.
"""

from __future__ import annotations

import re
import unicodedata

MIN_CHARS = 20
_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_VOWELS = frozenset("aeiouyæøåäöüéèêëáàâíìîïóòôúùûœɛəı")
# Frequent short words of the languages applications are written in; real prose of 30+ words has some.
_FUNCTION_WORDS = frozenset((
    "og", "i", "at", "er", "en", "et", "af", "til", "på", "med", "for", "som", "det", "de", "den", "har", "jeg",
    "vi", "ikke", "fra", "kan", "var", "om", "the", "and", "of", "to", "in", "a", "is", "with", "as", "on", "by",
    "an", "be", "are", "was", "from", "or", "that", "this", "my", "have", "has", "und", "der", "die", "das", "ist",
    "mit", "von", "zu", "für", "och", "att", "är", "ett", "av", "för", "la", "le", "les", "des", "el", "y", "los",
    "que", "per", "di", "il",
))
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]{3,}")
_ANY_WORD = re.compile(r"[^\W\d_]+")


def unreadable_reason(text: str) -> str | None:
    """Why ``text`` (one page's text layer) does not read as language, or None when it does.

    Returns "unmapped" (replacement, control or private-use characters dominate) or "garbled" (letters
    without the shape of words: no vowels, no frequent words, case flipping inside words).
    """
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_CHARS:
        return None
    bad = sum(1 for c in chars if c == "\ufffd" or _PUA.match(c) or unicodedata.category(c) in ("Cc", "Cn", "Co"))
    if bad / len(chars) > 0.1:
        return "unmapped"
    words = _LATIN_WORD.findall(text)
    if len(words) < 12:
        return None  # too little Latin text to judge (other scripts are read as they are)
    with_vowel = sum(1 for w in words if any(c in _VOWELS for c in w.casefold()))
    flipped = sum(1 for w in words if re.search(r"[a-zà-ÿ][A-ZÀ-Þ]", w) and not re.match(r"^(Mc|Mac|O|De|Di|La|Le)", w))
    if with_vowel / len(words) < 0.7 or flipped / len(words) > 0.3:
        return "garbled"
    tokens = [t.casefold() for t in _ANY_WORD.findall(text)]
    if len(tokens) >= 20:
        function = sum(1 for t in tokens if t in _FUNCTION_WORDS)
        upper = sum(1 for w in words if w.isupper())
        if function == 0 and (with_vowel / len(words) < 0.85 or upper / len(words) > 0.6):
            return "garbled"
    return None
