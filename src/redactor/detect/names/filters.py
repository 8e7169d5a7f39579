"""Rejection filters: what makes a name-shaped run of words no person (company, street, place, date,
abbreviation, heading, employer context), and the shared name-shape test that applies them."""

from __future__ import annotations

import bisect
import re

from redactor.detect.names.explain import NameTrace, Rejection
from redactor.detect.names.lexicon import _Lexicon
from redactor.detect.names.vocab import (
    _A,
    _BUSINESS_NOUNS,
    _COMPANY_AFTER,
    _EMPLOYER_BEFORE_RE,
    _EMPLOYER_NOUN_BEFORE_RE,
    _INSTITUTION_BEFORE_RE,
    _INSTITUTION_WORD_RE,
    _JOB_TITLE_BEFORE_RE,
    _LIST_SPLIT_RE,
    _N,
    _PERIOD_RE,
    _PLACE_PREFIXES,
    _S,
    _STREET_AFTER,
    _STREET_WORDS,
    _U,
    _VED_BEFORE_RE,
    _W,
    _WORD_PARTICLES,
    _WORD_RE,
    MIN_SCORE,
    PARTICLES,
    _Cand,
    _is_date_word,
    _name_gap,
    _Tok,
    _Unit,
)
from redactor.detect.rules.common import fold as place_fold

_HEADER_CONTEXTS = ("layout", "signature")  # where a name stands alone: a CV's header, a letter's signature


class NameFilters:
    """The name-shape test and the employer filter, shared by the signals and propagation."""

    lex: _Lexicon
    #: explain mode: set a ``NameTrace`` to record proposals and rejections (None: off, costs nothing)
    trace: NameTrace | None = None

    def _reject(self, p: _Unit, toks: list[_Tok], context: str, why: str) -> None:
        """Record in explain mode that filter ``why`` rejected the run ``toks`` proposed by ``context``."""
        if self.trace is not None and toks:
            self.trace.rejections.append(Rejection(why, context, p.unit.text[toks[0].start : toks[-1].end]))

    # --- shared name-shape test ---------------------------------------------------------------------------
    def _name_tokens(self, p: _Unit, toks: list[_Tok], *, context: str) -> tuple[list[_Tok], str] | None:
        """Trim and judge a token run as a person name; returns (tokens, evidence) or None."""
        if not toks:
            return None
        text = p.unit.text
        # stop at a line break and at punctuation other than spaces, hyphens and initials' periods
        run = [toks[0]]
        for t in toks[1:]:
            gap = text[run[-1].end : t.start]
            if t.line != run[-1].line or not _name_gap(gap, run[-1]):
                break
            run.append(t)
        lex = self.lex
        # trim titles/stopwords/particles at the edges (particles may stay inside)
        while run and (lex.klass(run[0].low) == _S and not (run[0].low in PARTICLES and len(run) > 1
                                                                and run[0].cap)):
            run = run[1:]
        while run and (lex.klass(run[-1].low) == _S or run[-1].low in PARTICLES) and not (
            len(run) > 1 and run[-1].cap and run[-1].low in PARTICLES  # a capitalised final "Le", "Das"
        ):
            run = run[:-1]
        if not run:
            return None
        # cut at the first ordinary word (a job title after the name and the like)
        kept: list[_Tok] = []
        for t in run:
            c = lex.klass(t.low)
            if t.low in _WORD_PARTICLES and not t.cap:
                break  # "Peter Hansen at Novo": an English word, not the particle of "As-Sayed"
            if t.initial or t.low in PARTICLES or (
                t is run[0] and len(run) > 1 and len(t.text) == 2 and t.text.isupper() and context in _HEADER_CONTEXTS
            ):
                kept.append(t)  # "KB Sørensen" heading a CV or signing a letter: two initials written together
                continue
            if c in (_W, _S) or not t.cap:
                break
            kept.append(t)
        while kept and (kept[-1].initial or (kept[-1].low in PARTICLES and not (len(kept) > 1 and kept[-1].cap))):
            kept = kept[:-1]
        if not kept:
            return None
        core = [t for t in kept if not t.initial and not (t.low in PARTICLES and not (t is kept[-1] and t.cap))]
        if not core:
            return None
        if len(core) > 5:
            self._reject(p, kept, context, "too_long")
            return None
        if _COMPANY_AFTER.match(text, kept[-1].end) or any(_COMPANY_AFTER.fullmatch(t.text) for t in core):
            self._reject(p, kept, context, "company")
            return None
        if _institution_before(text, kept[0].start) or any(_INSTITUTION_WORD_RE.fullmatch(t.text) for t in core):
            self._reject(p, kept, context, "institution")
            return None
        if _is_street(text, core):
            self._reject(p, kept, context, "street")
            return None
        if any(_is_date_word(text, t) for t in core):
            self._reject(p, kept, context, "date")
            return None
        joined = " ".join(t.low for t in kept)
        if joined in lex.places or (len(core) == 1 and (core[0].low in lex.places or (
                core[0].low.endswith("s") and core[0].low[:-1] in lex.places))):
            self._reject(p, kept, context, "place")
            return None
        if (len(core) >= 2 and (core[0].low in _PLACE_PREFIXES or not lex.is_first(core[0].low))
                and place_fold(" ".join(t.text for t in core)) in lex.world_places):
            self._reject(p, kept, context, "place")
            return None  # "San Jose", "Los Angeles", "Santa Clara": a world city of several words
        if len(core) == 2 and core[1].low in lex.places and not lex.is_first(core[0].low):
            self._reject(p, kept, context, "place")
            return None  # "Lidl Danmark", "Infosys India": a firm's branch named by its country or town
        if core[0].low in lex.places and not any(lex.klass(t.low) == _N for t in core[1:]):
            self._reject(p, kept, context, "place")
            return None  # "Iran Khodro", "Hanoi University": a place in front of a word is not a person
        if (len(core) >= 2 and core[0].upper and len(core[0].text) <= 3 and lex.rank(core[0].low) is None
                and not all(t.upper for t in core)
                and not (context in _HEADER_CONTEXTS and len(core) == 2 and len(core[0].text) == 2
                         and lex.is_last(core[1].low))):  # "JP Hansen" heading a CV or signing a letter
            self._reject(p, kept, context, "abbreviation")
            return None  # "MT Højgaard", "KMD Nexus": an abbreviation in front of a name is a company
        if context in ("ner", "gazetteer") and len(core) == 1 and self._noun_follows(p, kept[-1]):
            self._reject(p, kept, context, "product")
            return None  # "Tekla Structures", "Meyers Køkkener": a name that qualifies a noun names a product
        classes = [lex.klass(t.low) for t in core]
        n_names = sum(c == _N for c in classes)
        if n_names:
            evidence = "strong"
        elif len(core) >= 2:
            evidence = "medium"
        else:
            evidence = "weak"
        initials = len(kept) > len(core)
        if context == "layout" and len(core) < 2 and not (initials and kept[0].initial):
            self._reject(p, kept, context, "single_word_layout")
            return None
        if evidence == "weak" and initials and kept[0].initial:
            evidence = "medium"  # "A. B. Chowdhury", "M.-L. Nguyen": initials before a surname
        if context in ("layout", "ner") and all(t.upper for t in core) and not any(
            c in (_N, _A) for c in classes
        ) and not (context == "layout" and 2 <= len(core) <= 3 and all(c == _U for c in classes)):
            self._reject(p, kept, context, "heading")
            return None  # an all-caps heading
        return kept, evidence

    def _noun_follows(self, p: _Unit, tok: _Tok) -> bool:
        """Whether a capitalised ordinary word (no name) follows ``tok`` after one space on its line."""
        i = bisect.bisect_right(p.starts, tok.start)
        if i >= len(p.toks):
            return False
        nxt = p.toks[i]
        if nxt.line != tok.line or p.unit.text[tok.end : nxt.start] != " " or not nxt.cap or nxt.upper:
            return False
        return self.lex.klass(nxt.low) == _W and not _is_date_word(p.unit.text, nxt)

    # --- employers named after people -----------------------------------------------------------------------
    def _drop_employers(self, prepared: list[_Unit], cands: list[_Cand]) -> list[_Cand]:
        """Drop guesses (NER, gazetteer) that stand where a CV names an employer, not a person.

        "Engineer at Per Aarsleff", "ansat hos Jens Jensen", "Arbejdsgiver: Peter Hansen", and a job line
        "Title – X" / "Title, X" with an employment period on it or next to it ("Engineer – Per Aarsleff" over
        "Dec 2003–Jun 2005"). Label, signature and applicant signals are kept whatever the context.
        """
        order = {p.unit.id: k for k, p in enumerate(prepared)}
        spans: dict[str, list[tuple[int, int]]] = {}
        for c in cands:
            if c.score >= MIN_SCORE:
                spans.setdefault(c.unit_id, []).append((c.start, c.end))
        out: list[_Cand] = []
        for c in cands:
            if c.source in ("ner", "gazetteer"):
                k = order[c.unit_id]
                if _list_item(prepared[k].unit.text, c.start, c.end):
                    if self.trace is not None:
                        text = prepared[k].unit.text[c.start : c.end]
                        self.trace.rejections.append(Rejection("word_list", c.source, text))
                    continue
                if self._employer_context(prepared, k, c.start, c.end, spans.get(c.unit_id, [])):
                    if self.trace is not None:
                        text = prepared[k].unit.text[c.start : c.end]
                        self.trace.rejections.append(Rejection("employer", c.source, text))
                    continue
            out.append(c)
        return out

    def _between_title_and_period(self, text: str, ls: int, le: int, names: list[tuple[int, int]]) -> bool:
        """Whether the line ``ls:le`` stands alone between a title or degree line and a line that is only a
        period ("Datamatiker" / "Niels Brock" / "jun. 2016 - jun. 2020"): where a CV names the school or the
        employer of an entry, not a person."""
        if ls == 0 or le >= len(text):
            return False
        ps = text.rfind("\n", 0, ls - 1) + 1
        prev = text[ps : ls - 1]
        ne = text.find("\n", le + 1)
        nxt = text[le + 1 : len(text) if ne < 0 else ne].strip()
        if not prev.strip() or any(ch.isdigit() for ch in prev) or len(prev.split()) > 6:
            return False
        if any(s < ls - 1 and ps < e for s, e in names):
            return False  # the line above is a name itself: a list of people
        return _period_line(nxt)

    def _employer_context(self, prepared: list[_Unit], k: int, start: int, end: int,
                          names: list[tuple[int, int]]) -> bool:
        """Whether ``start:end`` stands where a CV names an employer (``names``: spans found as names)."""
        p = prepared[k]
        text = p.unit.text
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        before, after = text[ls:start], text[end:le]
        if _EMPLOYER_BEFORE_RE.search(before):
            return True
        if _VED_BEFORE_RE.search(before) and _PERIOD_RE.search(before + after):
            return True  # "Ingeniør ved Per Aarsleff, 2003-2005"; not "kursus ved Mette Holm"
        m = _EMPLOYER_NOUN_BEFORE_RE.search(before)  # "hos Malerfirmaet Bent Holm", "at Restaurant X"
        if m and all(self.lex.klass(w.casefold()) == _W or w.casefold().endswith(_BUSINESS_NOUNS)
                     for w in _WORD_RE.findall(m.group("nouns"))):
            return True
        if not before.strip() and not after.strip(" \t,.") and self._between_title_and_period(text, ls, le, names):
            return True
        m = _JOB_TITLE_BEFORE_RE.match(before)
        if m is None or any(s < ls + m.end("title") and ls + m.start("title") < e for s, e in names):
            return False  # no title, or the "title" is itself a name: a list of names ("Doe, Sarah Williams")
        words = _WORD_RE.findall(m.group("title"))
        # ordinary words, or occupations that are also surnames ("Smed", "Bager", "Kok")
        if not words or any(self.lex.klass(w.casefold()) not in (_W, _S, _A) for w in words):
            return False
        if _PERIOD_RE.search(after):
            return True
        li = text.count("\n", 0, start)
        lines = text.split("\n")
        near = [lines[j] for j in (li - 1, li + 1) if 0 <= j < len(lines)]
        for j in (k - 1, k + 1):
            if 0 <= j < len(prepared) and prepared[j].unit.page == p.unit.page and prepared[j].unit.kind == p.unit.kind:
                other = prepared[j].unit.text.split("\n")
                near.append(other[-1] if j < k else other[0])
        return any(_PERIOD_RE.search(x) and len(x) <= 60 for x in near)


def _period_line(line: str) -> bool:
    """A line that is only a period of time ("jun. 2016 - jun. 2020", "2019 – nu", "03/2018 - Present")."""
    words = re.findall(r"[^\W\d_]+", line)
    return (len(line) <= 32 and _PERIOD_RE.search(line) is not None and len(words) <= 3
            and all(len(w) <= 9 for w in words))


def _is_street(text: str, core: list[_Tok]) -> bool:
    """A street named after a person ("Niels Juels Gade", "Peter Bangs Vej")."""
    if not core:
        return False
    if _STREET_AFTER.match(text, core[-1].end):
        return True
    return len(core) >= 2 and core[-1].low in _STREET_WORDS and core[-2].low.endswith("s")


def _institution_before(text: str, start: int) -> bool:
    """An institution word right before ``start`` on its line ("Université Paul Sabatier", "Lycée X")."""
    ls = text.rfind("\n", 0, start) + 1
    return _INSTITUTION_BEFORE_RE.search(text[max(ls, start - 40) : start]) is not None


# a bullet and a short label before the items of a list ("• Tools: ", "- Programmering: ")
_LIST_LABEL_RE = re.compile(r"^[ \t•·\-–*▪●■◦]*(?:[^\W\d_][\w&/ .+-]{0,40}?:[ \t]+)?")


def _list_item(text: str, start: int, end: int) -> bool:
    """One word that is a whole item of a list of three or more short items on its line ("Jenkins" in
    "Jenkins, Docker, Hudson, Git", "Deno" in "• Web: React, Node.js, Deno"): a skill, a tool or a product,
    not a person."""
    if " " in text[start:end].strip():
        return False
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    line = _LIST_LABEL_RE.sub("", text[ls:le])  # "• Web Development: React, Deno, Flask"
    items = [x.strip(" \t.") for x in _LIST_SPLIT_RE.split(line)]
    items = [x for x in items if x]
    # items of one or two words ("Visual Studio Code", "Svelte & Sveltekit" may have three)
    if len(items) < 3 or any(len(x.split()) > 3 for x in items) or sum(len(x.split()) == 3 for x in items) > 2:
        return False
    return text[start:end].strip() in items
