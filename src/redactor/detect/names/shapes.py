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
# Extraction of kerned or tracked text may keep a pair or triple of letters together ("C A L LU M", "J AYA").
_SPACED_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,3}(?:[ \u00a0]{1,3}[^\W\d_]{1,3}){3,}(?![^\W\d_])")
_WORD_GAP_RE = re.compile(r"[ \u00a0]{2,}")

# A given name alone as the subject of a third-person sentence ("Priya is a ...", "Oluwaseun har ...").
_BIO_VERBS = (
    r"is|was|has|had|holds|brings|works|worked|joined|leads|led|loves|enjoys|thrives|specializes|specialises|"
    r"believes|combines|started|graduated|studied|lives|speaks|"
    r"er|var|har|havde|arbejder|arbejdede|brænder|besidder|kombinerer|startede|studerer|studerede|elsker|"
    r"trives|leder|ledte|tog|blev|bor|taler"
)
_BIO_RE = re.compile(rf"(?P<name>[^\W\d_][\w'’-]*)[ \t]+(?:{_BIO_VERBS})[ \t]+(?=[^\W\d_])")
# a given name alone followed by a relative pronoun that only refers to persons ("to Mabel, whom she ...")
_WHO_AFTER_RE = re.compile(r",?[ \t]+(?:who|whom|whose)[ \t]+(?=[^\W\d_])")

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

# initials before a surname ("I. Bech", "A.B. Okafor", "M.-L. Nguyen") and a surname before initials in an
# author list ("Okafor, A.", "Bech, I. B.")
_INITIALS_SURNAME_RE = re.compile(
    r"(?<![\w.])(?:[A-ZÆØÅ]\.[ \t]?-?){1,3}[ \t]?(?P<surname>[A-ZÆØÅ][^\W\d_]{2,}(?:-[A-ZÆØÅ][^\W\d_]+)?)(?![\w-])"
)
_SURNAME_INITIALS_RE = re.compile(
    r"(?<![\w.-])(?P<surname>[A-ZÆØÅ][^\W\d_]{2,}),[ \t]+(?:[A-ZÆØÅ]\.[ \t]?-?){1,3}(?=[ \t]*(?:[,;&()]|and\b|og\b|$))",
    re.MULTILINE,
)
_STREET_AFTER_RE = re.compile(r"[ \t]*(?:Vej|Vejen|Gade|Allé|Alle|Plads|Street|Road|Avenue)\b")

# an author in a citation written with initials ("E. Someone", "A.-L. Berg"), and what joins two authors
_INITIALS_ITEM = r"(?:[A-ZÆØÅ]\.[ \t]?-?){1,3}[ \t]?[A-ZÆØÅ][^\W\d_]{2,}(?:-[A-ZÆØÅ][^\W\d_]+)?"
_AUTHOR_JOIN = r"(?:,[ \t]*(?:and[ \t]+|og[ \t]+|&[ \t]*)?|[ \t]+(?:and|og|&)[ \t]+)"
_INITIALS_START_RE = re.compile(r"(?:[A-ZÆØÅ]\.[ \t]?-?){1,3}")
_AUTHOR_AFTER_RE = re.compile(rf"{_AUTHOR_JOIN}(?P<item>{_INITIALS_ITEM})(?![\w-])")
_AUTHOR_BEFORE_RE = re.compile(rf"(?<![\w.])(?P<item>{_INITIALS_ITEM}){_AUTHOR_JOIN}$")

# the items of a list of names
_NAME_ITEM_RE = re.compile(r"[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]*)*\.?")
_LIST_ITEM_RE = re.compile(r"[^,;&\n]+?(?=[ \t]*(?:,|;|&|\band\b|\bog\b|\n|$))", re.MULTILINE)

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


def _comma_blocks(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of consecutive lines that hold a comma or semicolon (a list wrapped over lines), as spans."""
    out: list[tuple[int, int]] = []
    start = end = -1
    for ls, le in lines:
        if "," in text[ls:le] or ";" in text[ls:le]:
            if start < 0:
                start = ls
            end = le
        elif start >= 0:
            out.append((start, end))
            start = -1
    if start >= 0:
        out.append((start, end))
    return out


def generic_placeholder(value: str) -> bool:
    """A template's placeholder that names nobody ("Your Name Here", "Fornavn Efternavn"), unlike "John Doe"."""
    value = value.strip()
    return _PLACEHOLDER_RE.fullmatch(value) is not None and _GENERIC_PLACEHOLDER_RE.fullmatch(value) is not None


def _spaced_out(run: str) -> bool:
    """Whether a run of one- to three-letter chunks is text spaced out letter by letter (most chunks single)."""
    chunks = run.split()
    return len(chunks) >= 4 and sum(len(c) == 1 for c in chunks) >= 0.7 * len(chunks)


def unspace_letters(value: str) -> str:
    """A letter-spaced value written normally ("M I C H A E L   B E C K" -> "MICHAEL BECK"); others unchanged."""
    m = _SPACED_RE.fullmatch(value.strip())
    if m is None or not _spaced_out(m.group(0)):
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
                    if not _spaced_out(m.group(0)):
                        continue
                    words = [w.replace(" ", "").replace("\u00a0", "") for w in _WORD_GAP_RE.split(m.group(0))]
                    if len(words) == 1:
                        split = lex.split_concat(words[0]) or self._spaced_split(words[0])
                        if split is not None:
                            words = list(split)
                        elif self._spaced_unsplit_name(words[0]):
                            out.append(_Cand(p.unit.id, m.start(), m.end(), 0.75, "layout"))
                            continue
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

    def _spaced_split(self, word: str) -> tuple[str, str] | None:
        """A letter-spaced run whose word gap was lost, as a known given name and a known surname ("IDABECH").

        Looser than ``split_concat``: the spaced-out shape is itself evidence, so short and ambiguous parts
        count, but both must be known names and neither a stopword.
        """
        low = word.casefold()
        lex = self.lex
        if not 5 <= len(low) <= 24 or lex.klass(low) in (_S, _W):
            return None
        for i in range(2, len(low) - 1):
            a, b = low[:i], low[i:]
            if _PLACEHOLDER_RE.fullmatch(f"{a} {b}"):
                return (word[:i], word[i:])  # a template's placeholder name ("JOHNDOE")
            if (lex.is_first(a) and lex.is_last(b) and lex.klass(a) in (_N, _A)
                    and lex.klass(b) in (_N, _A)):
                return (word[:i], word[i:])
        return None

    def _spaced_unsplit_name(self, word: str) -> bool:
        """A letter-spaced run whose word gaps were lost in extraction ("C A L LU M P E M B E R T O N"):
        a name when it is long, no word or heading itself, and not two common words run together
        ("PROFESSIONALEXPERIENCE")."""
        low = word.casefold()
        lex = self.lex
        if len(low) < 8 or lex.klass(low) in (_S, _W) or low.endswith(_WORD_SUFFIXES) or low in lex.places:
            return False
        for i in range(2, len(low) - 1):
            a, b = low[:i], low[i:]
            if lex.klass(a) in (_S, _W) and lex.klass(b) in (_S, _W) and min(lex.zipf(a), lex.zipf(b)) >= 3.0:
                return False
        return True

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
                if not t.cap or t.upper or t.handle or len(t.text) < 3:
                    continue
                if not t.sent_init:
                    # mid-sentence: a known given name (no ordinary word) that a person-only pronoun follows
                    if (_WHO_AFTER_RE.match(text, t.end) and lex.klass(t.low) == _N and lex.is_first(t.low)
                            and t.low not in lex.places):
                        out.append(_Cand(p.unit.id, t.start, t.end, 0.75, "ner"))
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

    def _rest_of_introduced_name(self, p: _Unit, toks: list[_Tok], end: int) -> int:
        """After "my name is" / "jeg hedder", the capitalised words up to the end of the sentence belong to
        the name even when one is also an ordinary word ("My name is John Doe.", "Jeg hedder Mette Bager.")."""
        text = p.unit.text
        rest = [t for t in toks if t.start >= end][:2]
        if not rest or text[end : rest[0].start] != " ":
            return end
        run: list[_Tok] = []
        for t in rest:
            if not t.cap or t.handle or self.lex.klass(t.low) == _S or t.line != rest[0].line:
                break
            if run and text[run[-1].end : t.start] != " ":
                break
            run.append(t)
        if not run:
            return end
        after = text[run[-1].end : run[-1].end + 1]
        return run[-1].end if after in ("", ".", ",", "!", ";", "\n", ")") else end

    # --- initials with a surname ----------------------------------------------------------------------------
    def _initials_and_surname(self, prepared: list[_Unit]) -> list[_Cand]:
        """Initials before a known surname ("I. Bech", "A.B. Okafor") and author lists' "Surname, I." forms."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            for m in _INITIALS_SURNAME_RE.finditer(text):
                low = m.group("surname").casefold()
                if not (lex.is_last(low) and lex.klass(low) in (_N, _A, _U)) or low in lex.places:
                    continue
                if _COMPANY_AFTER.match(text, m.end()) or _STREET_AFTER_RE.match(text, m.end()):
                    continue
                out.append(_Cand(p.unit.id, m.start(), m.end(), 0.7, "gazetteer"))
            for m in _SURNAME_INITIALS_RE.finditer(text):
                low = m.group("surname").casefold()
                cls = lex.klass(low)
                if (lex.is_last(low) and cls in (_N, _A)) or (cls == _U and low not in lex.places):
                    end = m.start() + len(m.group(0).rstrip(" \t-"))
                    out.append(_Cand(p.unit.id, m.start(), end, 0.7, "gazetteer"))
        return out

    def _initials_beside_authors(self, prepared: list[_Unit], merged: list[_Cand]) -> list[_Cand]:
        """Authors written with initials beside a found author written so ("E. Someone and T. Lim", "L. Wong,
        A. Other"): in a citation the initials are the evidence, whatever word the surname is. Runs after
        propagation, so an ordinary word found this way ("Other") is not searched for elsewhere."""
        out: list[_Cand] = []
        by_id = {p.unit.id: p for p in prepared}
        todo = [c for c in merged if c.score >= MIN_SCORE]
        seen = {(c.unit_id, c.start, c.end) for c in todo}
        while todo:
            c = todo.pop()
            p = by_id.get(c.unit_id)
            if p is None:
                continue
            text = p.unit.text
            if not _INITIALS_START_RE.match(text, c.start):
                continue
            spans = []
            m = _AUTHOR_AFTER_RE.match(text, c.end)
            if m is not None:
                spans.append((m.start("item"), m.end("item")))
            b = _AUTHOR_BEFORE_RE.search(text, max(0, c.start - 60), c.start)
            if b is not None:
                spans.append((b.start("item"), b.end("item")))
            for s, e in spans:
                word = re.split(r"[ \t.]+", text[s:e])[-1]
                if _COMPANY_AFTER.fullmatch(word) or _COMPANY_AFTER.match(text, e) or (p.unit.id, s, e) in seen:
                    continue
                seen.add((p.unit.id, s, e))
                cand = _Cand(p.unit.id, s, e, 0.75, "gazetteer")
                out.append(cand)
                todo.append(cand)
        return out

    # --- other scripts --------------------------------------------------------------------------------------
    def _other_script_lines(self, prepared: list[_Unit]) -> list[_Cand]:
        """A line of a Latin-script document holding only a short name-shaped run in another script.

        "Оксана Гриценко" or "مرادی آرش" alone on a line of a Danish or English CV: two to four words of one
        non-Latin script (capitalised where the script has case), or one CJK/Hangul word of two to four
        characters. A document mostly written in that script is left to the other signals.
        """
        latin = other = 0
        for p in prepared:
            for c in p.unit.text[:4000]:
                if c.isalpha():
                    if c.isascii() or script_of(c) == "LATIN":
                        latin += 1
                    else:
                        other += 1
        if latin < 200 or other > latin * 0.2:
            return []
        out: list[_Cand] = []
        for p in prepared:
            text = p.unit.text
            for ls, le in p.lines:
                line = text[ls:le].strip(" \t•·|")
                if not line or len(line) > 60 or not self._other_script_name(line):
                    continue
                words = line.split()
                script = other_script(words[0])
                if script not in _NO_SPACE_SCRIPTS and len(words) < 2:
                    continue
                if any(w[:1].isupper() != w[:1].isalpha() for w in words if w[:1].upper() != w[:1].lower()):
                    continue  # a cased script written in lower case is a word, not a name
                start = text.index(line, ls)
                out.append(_Cand(p.unit.id, start, start + len(line), 0.8, "layout"))
        return out

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

    # --- lists of names ---------------------------------------------------------------------------------------
    def _name_list_items(self, prepared: list[_Unit], merged: list[_Cand]) -> list[_Cand]:
        """The other items of a list of names (authors, references): "Adrien Roux, Cédric Laouenan, Eric Fleury".

        Consecutive lines holding commas, split at commas, semicolons, "&", "and", "og", whose items include at
        least two found names (and a third of all items): every other item of two to four capitalised words
        (initials and particles allowed), with a known given name or surname, that is no company, street,
        heading or ordinary word is a name too.
        """
        by_unit: dict[str, list[_Cand]] = {}
        for c in merged:
            if c.score >= MIN_SCORE:
                by_unit.setdefault(c.unit_id, []).append(c)
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            found = by_unit.get(p.unit.id)
            if not found or len(found) < 2:
                continue
            text = p.unit.text
            flat = text.replace("\n", " ")  # an item may wrap onto the next line ("Didier\nLepelletier")
            for bs, be in _comma_blocks(text, p.lines):
                items = list(_LIST_ITEM_RE.finditer(flat, bs, be))
                if len(items) < 3:
                    continue
                named = [m for m in items if any(c.start < m.end() and m.start() < c.end for c in found)]
                if len(named) < max(2, (len(items) + 2) // 3):
                    continue  # a good share of names: an author or reference list, not a skills line
                for m in items:
                    whole = any(c.start <= m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                                and m.end() <= c.end for c in found)
                    if whole or not _NAME_ITEM_RE.fullmatch(m.group(0).strip()):
                        continue
                    toks = [t for t in p.toks if m.start() <= t.start and t.end <= m.end()]
                    core = [t for t in toks if not t.initial and t.low not in PARTICLES]
                    if not 2 <= len(core) <= 4 or not all(t.cap for t in core) or any(t.handle for t in toks):
                        continue
                    if any(lex.klass(t.low) in (_S, _W) or t.low.endswith(_WORD_SUFFIXES) for t in core):
                        continue
                    if not (lex.is_first(core[0].low) or lex.is_last(core[-1].low)):
                        continue
                    if _COMPANY_AFTER.match(text, toks[-1].end) or any(_COMPANY_AFTER.fullmatch(t.text)
                                                                      for t in core):
                        continue
                    if _is_street(text, core):
                        continue
                    for li in sorted({t.line for t in toks}):  # one candidate per line of a wrapped item
                        on_line = [t for t in toks if t.line == li]
                        out.append(_Cand(p.unit.id, on_line[0].start, on_line[-1].end, 0.75, "gazetteer"))
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
