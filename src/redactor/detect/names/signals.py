"""Name signals: NER, labels and salutations, layout, gazetteer, titles, handles and file names."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from redactor.detect.names.filters import _institution_before, _is_street
from redactor.detect.names.shapes import _PLACEHOLDER_RE, _ROLE_WORDS, NameShapes
from redactor.detect.names.vocab import (
    _A,
    _COMPANY_AFTER,
    _HANDLE_KINDS,
    _INLINE_LABEL_RE,
    _INTRO_RE,
    _KIND_GROUP,
    _LABEL_RE,
    _N,
    _NER_LABELS_OTHER,
    _PERIOD_RE,
    _PLACE_PREFIXES,
    _S,
    _SALUTATION_RE,
    _SEGMENT_END_RE,
    _TITLE_FORMS,
    _U,
    _W,
    _WORD_LIST_AFTER_RE,
    _WORD_PARTICLES,
    _WORD_SUFFIXES,
    MIN_SCORE,
    PARTICLES,
    _Cand,
    _end_with_period,
    _greeting_ok,
    _handle_like,
    _is_date_word,
    _is_salutation,
    _name_gap,
    _overlaps,
    _skip_title,
    _title_before,
    _Tok,
    _Unit,
)


class NameSignals(NameShapes):
    """Every direct signal; each returns candidates (``_Cand``) with its source."""

    nlp: Any
    _ner_cache: dict[str, tuple[tuple[str, int, int], ...]]

    # --- NER ----------------------------------------------------------------------------------------------
    def prime(self, texts: Sequence[str], *, batch_size: int = 256) -> None:
        """Run the NER model over texts not yet seen, in batches, and keep the results for detection.

        Callers that detect over many small unit groups (the rows of a form export) prime all their texts
        at once. The results hold text: the caller clears them (``clear_cache``) when done.
        """
        cache = self._ner_cache
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=batch_size), strict=True):
            cache[text] = tuple((ent.label_, ent.start_char, ent.end_char) for ent in doc.ents)

    def _ner(self, prepared: list[_Unit], blocked: dict[str, list[tuple[int, int]]]) -> list[_Cand]:
        out: list[_Cand] = []
        cache = self._ner_cache
        self.prime([p.unit.text for p in prepared], batch_size=64)
        for p in prepared:
            for label, ent_start, ent_end in cache[p.unit.text]:
                if label in _NER_LABELS_OTHER:
                    blocked.setdefault(p.unit.id, []).append((ent_start, ent_end))
                    continue
                if label != "PER":
                    continue
                lo = bisect.bisect_left(p.starts, ent_start)
                hi = bisect.bisect_right(p.starts, ent_end)
                toks = [t for t in p.toks[lo:hi] if t.end <= ent_end]
                span = self._name_tokens(p, toks, context="ner")
                if span is None:
                    continue
                toks, evidence = span
                score = {"strong": 0.85, "medium": 0.75, "weak": 0.55}[evidence]
                if evidence == "weak" and (not self.lex.is_first(toks[0].low) or self.lex.klass(toks[0].low) == _A):
                    score = 0.45  # a lone unknown word or word-name ("Lean"): out unless another signal agrees
                if len(toks) == 1 and len(p.by_line[toks[0].line]) == 1:
                    score = min(score, 0.45)  # one word alone on a line: a list item ("• Git"), not a person
                out.append(_Cand(p.unit.id, toks[0].start, _end_with_period(p.unit.text, toks[-1]), score, "ner"))
        return out

    # --- labels and signatures ----------------------------------------------------------------------------
    def _labels_and_signatures(self, prepared: list[_Unit]) -> list[_Cand]:
        out: list[_Cand] = []
        pending: tuple[str, float] | None = None  # (context, score) waiting for the next non-empty line
        pending_left = 0
        pending_kind = ""
        for p in prepared:
            text = p.unit.text
            kind = _KIND_GROUP.get(p.unit.kind, p.unit.kind)
            if pending is not None and kind != pending_kind:
                pending = None  # a label or salutation never reaches into metadata, links or file names
            pending_kind = kind
            for li, (ls, le) in enumerate(p.lines):
                line = text[ls:le]
                if not line.strip():
                    continue
                line_toks = p.by_line[li]
                if pending is not None:
                    context, score = pending
                    cand = self._name_at_start(p, line_toks, context, score)
                    if cand is not None:
                        if context == "label":
                            cand.end = self._rest_of_name_line(p, line_toks, cand)
                        out.append(cand)
                        pending = None
                    else:
                        pending_left -= 1
                        if pending_left <= 0:
                            pending = None
                m = _LABEL_RE.match(line)
                if m and not m.group("sep") and m.end() < len(line.rstrip()) and line[m.end() - 1] in " \t":
                    # "Kontakt Sahra Muse på ...": no separator, so only a clear two-word name counts
                    value_toks = [t for t in line_toks if t.start > ls + m.end()]
                    got = self._name_tokens(p, value_toks, context="label") if value_toks else None
                    if got is not None and got[0][0] is value_toks[0] and got[1] != "weak":
                        out.append(_Cand(p.unit.id, got[0][0].start, _end_with_period(text, got[0][-1]),
                                         0.8, "label"))
                    m = None
                for im in _INLINE_LABEL_RE.finditer(line):
                    value_toks = [t for t in line_toks if t.start >= ls + im.end()]
                    out += self._label_values(p, value_toks, 0.85, im.group("strong") is not None)
                for im in _INTRO_RE.finditer(line):
                    value_toks = [t for t in line_toks if t.start >= ls + im.end()]
                    if not value_toks or value_toks[0].start != ls + im.end():
                        continue
                    cand = self._name_at_start(p, value_toks, "label", 0.85 if im.group("self") else 0.8)
                    if cand is not None and im.group("self"):
                        cand.end = self._rest_of_introduced_name(p, value_toks, cand.end)
                    if cand is not None and (im.group("self") or _greeting_ok(text, cand, ls + im.start())):
                        out.append(cand)
                if m and (m.group("sep") or m.end() == len(line.rstrip())):
                    strong = m.group("strong") is not None
                    score = 0.92 if strong else 0.85
                    value_start = ls + m.end()
                    if value_start >= le or not text[value_start:le].strip():
                        # "Kontakt" / "Contact" alone on a line is a section heading, not a label
                        if strong or m.group("other").casefold() not in ("kontakt", "contact"):
                            pending, pending_left = ("label", score), 1
                        continue
                    value_toks = [t for t in line_toks if t.start >= value_start]
                    out += self._label_values(p, value_toks, score, strong)
                    continue
                m = _SALUTATION_RE.match(line)
                if m and _is_salutation(line, m):
                    rest_toks = [t for t in line_toks if t.start >= ls + m.end()]
                    if rest_toks:
                        cand = self._name_at_start(p, rest_toks, "signature", 0.88)
                        if cand is not None:
                            out.append(cand)
                            continue
                    if not line[m.end():].strip():
                        pending, pending_left = ("signature", 0.88), 2
        return out

    def _rest_of_name_line(self, p: _Unit, toks: list[_Tok], cand: _Cand) -> int:
        """Under a reference heading, a line of nothing but two or three capitalised words that starts with a
        known given name is one name, even when the surname is also a word ("John Mason", "Anna Fisker")."""
        text = p.unit.text
        inside = [t for t in toks if t.end <= cand.end]
        rest = [t for t in toks if t.start >= cand.end]
        if not inside or not rest or len(inside) + len(rest) > 3 or not self.lex.is_first(inside[0].low):
            return cand.end
        if text[rest[-1].end : p.lines[rest[-1].line][1]].strip(" \t.,"):
            return cand.end
        prev = inside[-1]
        for t in rest:
            if (not t.cap or t.upper or t.handle or text[prev.end : t.start] not in (" ", "-")
                    or self.lex.klass(t.low) == _S or t.low.endswith(_WORD_SUFFIXES) or t.low in _ROLE_WORDS
                    or _COMPANY_AFTER.fullmatch(t.text)):
                return cand.end
            prev = t
        return rest[-1].end

    def _name_at_start(self, p: _Unit, toks: list[_Tok], context: str, score: float) -> _Cand | None:
        toks = _skip_title(p.unit.text, toks)
        if not toks or not toks[0].cap:
            return None
        got = self._name_tokens(p, toks, context=context)
        if got is None:
            return None
        kept, evidence = got
        if kept[0] is not toks[0] and not toks[0].initial:
            return None
        if evidence == "weak":
            cls = self.lex.klass(kept[0].low)
            if cls == _U and context == "signature":
                score -= 0.15
            elif cls == _A:
                score -= 0.1
        return _Cand(p.unit.id, kept[0].start, _end_with_period(p.unit.text, kept[-1]), score, context)

    def _label_values(self, p: _Unit, toks: list[_Tok], score: float, strong: bool) -> list[_Cand]:
        """Names in a label's value: the first segment, and for reference labels every segment."""
        out: list[_Cand] = []
        text = p.unit.text
        toks = _skip_title(text, toks)
        segments: list[list[_Tok]] = []
        cur: list[_Tok] = []
        for t in toks:
            if cur:
                gap = text[cur[-1].end : t.start]
                if not _name_gap(gap, cur[-1]) or t.low in ("og", "and", "samt"):
                    segments.append(cur)
                    cur = []
                    if t.low in ("og", "and", "samt"):
                        continue
            cur.append(t)
        if cur:
            segments.append(cur)
        for i, seg in enumerate(segments[:6]):
            if i > 0 and strong:
                # "Navn: Kapoor, Arjun": a surname-first value keeps its given names
                if (i == 1 and out and len(seg) <= 3 and all(t.cap for t in seg)
                        and text[segments[0][-1].end : seg[0].start] == ", "
                        and all(self.lex.is_first(t.low) and self.lex.klass(t.low) in (_N, _A) for t in seg)):
                    out.append(_Cand(p.unit.id, seg[0].start, _end_with_period(text, seg[-1]), score - 0.05,
                                     "label"))
                break
            skip = 0
            while skip < min(3, len(seg) - 1) and self.lex.klass(seg[skip].low) in (_W, _S):
                skip += 1  # "Reference: Projektleder Tadhg King"
            seg = seg[skip:]
            cand = self._name_at_start(p, seg, "label", score if i == 0 and not skip else score - 0.05)
            if cand is None:
                continue
            got = self._name_tokens(p, seg, context="label")
            core = [t for t in got[0] if not t.initial and t.low not in PARTICLES] if got else []
            if (i > 0 or skip) and (got is None or got[1] == "weak" or len(core) < 2
                                    or not self.lex.is_first(core[0].low)):
                continue
            if not strong and got is not None and got[1] == "weak" and self.lex.klass(got[0][0].low) != _N:
                cand.score -= 0.35
            out.append(cand)
        return out

    # --- layout -------------------------------------------------------------------------------------------
    def _layout(self, prepared: list[_Unit]) -> list[_Cand]:
        out: list[_Cand] = []
        # (size, unit, line index) for every line with font sizes on the first page
        lines: list[tuple[float, float, _Unit, int]] = []
        sizes: list[float] = []
        for p in prepared:
            u = p.unit
            if u.page != 0 or not u.words:
                continue
            per_line: dict[int, tuple[float, float]] = {}
            line_starts = [ls for ls, _ in p.lines]
            for w in u.words:
                if w.size <= 0 or not 0 <= w.start < len(u.text):
                    continue
                sizes.append(w.size)
                y = w.bbox.y0 if w.bbox is not None else 0.0
                li = bisect.bisect_right(line_starts, w.start) - 1  # the "\n" line holding the word
                old = per_line.get(li)
                per_line[li] = (max(old[0], w.size), min(old[1], y)) if old else (w.size, y)
            for li, (size, y) in per_line.items():
                lines.append((size, y, p, li))
        if lines and sizes:
            sizes.sort()
            median = sizes[len(sizes) // 2]
            top_y = min(y for _, y, _, _ in lines)
            ranked = sorted(lines, key=lambda x: (-x[0], x[1]))
            for size, y, p, li in ranked[:3]:
                if size < median * 1.15 or y > top_y + 320:
                    continue
                cand = self._layout_line(p, li, 0.85)
                if cand is None:
                    # the next line of the same size right below (same unit or the next text block)
                    below = [(y2, q, qi) for size2, y2, q, qi in lines
                             if abs(size2 - size) <= 0.1 * size and 0 < y2 - y <= 1.8 * size]
                    if below:
                        _, q, qi = min(below, key=lambda b: b[0])
                        stacked = self._stacked_name(p, li, q, qi, 0.85)
                        if stacked:
                            out += stacked
                            break
                if cand is not None:
                    out.append(cand)
                    break
        # first lines of the document (DOCX and text without font sizes)
        seen = 0
        for p in prepared:
            if p.unit.kind not in ("body", "header", "textbox"):
                continue
            for li, (ls, le) in enumerate(p.lines):
                if not p.unit.text[ls:le].strip():
                    continue
                seen += 1
                cand = self._layout_line(p, li, 0.75)
                if cand is not None:
                    out.append(cand)
                    return out
                if seen >= 3:
                    return out
        return out

    def _stacked_name(self, p: _Unit, li: int, q: _Unit, qi: int, score: float) -> list[_Cand]:
        """The largest text of page 1 set as a given name over a surname on the next line ("JOHN" / "DOE"),
        as narrow sidebars and right-to-left layouts do (the lines may be separate text blocks).

        The upper line is one known given name; the lower line one or two capitalised surnames (known
        surnames or names unknown to the word lists), or the pair is a template's placeholder name.
        """
        if len(p.by_line[li]) != 1 or not 1 <= len(q.by_line[qi]) <= 2:
            return []
        first, rest = p.by_line[li][0], q.by_line[qi]
        for u, i, toks in ((p, li, [first]), (q, qi, rest)):
            ls, le = u.lines[i]
            if u.unit.text[ls : toks[0].start].strip() or u.unit.text[toks[-1].end : le].strip():
                return []
        if len(rest) == 2 and q.unit.text[rest[0].end : rest[1].start] not in (" ", "-"):
            return []
        lex = self.lex
        words = [first, *rest]
        if any(not t.cap or t.handle or t.initial or t.low in lex.places or t.low in _ROLE_WORDS
               or t.low.endswith(_WORD_SUFFIXES) or lex.klass(t.low) == _S or _COMPANY_AFTER.fullmatch(t.text)
               for t in words):
            return []
        if not lex.is_first(first.low) or lex.klass(first.low) not in (_N, _A):
            return []
        placeholder = _PLACEHOLDER_RE.fullmatch(" ".join(t.text for t in words)) is not None
        if not placeholder and not all(lex.is_last(t.low) or lex.klass(t.low) in (_N, _U) for t in rest):
            return []
        score = min(score, 0.85 if any(lex.klass(t.low) == _N for t in words) else 0.75)
        return [_Cand(p.unit.id, first.start, first.end, score, "layout"),
                _Cand(q.unit.id, rest[0].start, rest[-1].end, score, "layout")]

    def _layout_line(self, p: _Unit, li: int, score: float) -> _Cand | None:
        """The line (or its first segment, before "," "|" "·" and the like) when it looks like a name."""
        if li >= len(p.lines):
            return None
        ls, le = p.lines[li]
        line_text = p.unit.text[ls:le]
        cut = _SEGMENT_END_RE.search(line_text)
        seg_end = ls + (cut.start() if cut else len(line_text))
        seg_text = p.unit.text[ls:seg_end]
        toks = [t for t in p.by_line[li] if t.end <= seg_end]
        if not toks or any(ch.isdigit() for ch in seg_text) or "@" in seg_text or "/" in seg_text:
            return None
        got = self._name_tokens(p, toks, context="layout")
        if got is None or got[0][0] is not toks[0] or got[0][-1] is not toks[-1]:
            got = self._top_line_name(p, toks) or got  # "John Doe": a header cut at an ordinary word
        if got is None:
            return None
        kept, evidence = got
        if kept[0] is not toks[0] or kept[-1] is not toks[-1] or evidence == "weak":
            return None
        if len([t for t in kept if not t.initial and t.low not in PARTICLES]) > 4:
            return None
        return _Cand(p.unit.id, kept[0].start, _end_with_period(p.unit.text, kept[-1]),
                     score if evidence == "strong" else score - 0.1, "layout")

    # --- gazetteer ----------------------------------------------------------------------------------------
    def _gazetteer(self, prepared: list[_Unit], blocked: dict[str, list[tuple[int, int]]]) -> list[_Cand]:
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            n = len(toks)
            i = 0
            while i < n:
                t = toks[i]
                if _is_date_word(text, t):
                    i += 1
                    continue
                if not t.cap or t.handle or not lex.is_first(t.low) or lex.klass(t.low) not in (_N, _A):
                    if (t.cap and not t.handle and i + 1 < n and lex.klass(t.low) == _U and t.low not in lex.places
                            and len(t.low) > 2 and not t.upper):
                        out += self._unknown_then_surname(p, i, blocked)
                    i += 1
                    continue
                # extend over following name-like tokens on the same line
                j = i + 1
                while j < n and j - i < 5:
                    nt = toks[j]
                    if nt.line != t.line or not _name_gap(text[toks[j - 1].end : nt.start], toks[j - 1]):
                        break
                    c = lex.klass(nt.low)
                    if nt.low in _WORD_PARTICLES and not nt.cap:
                        break
                    if nt.low in PARTICLES or nt.initial:
                        j += 1
                        continue
                    if not nt.cap or c in (_W, _S):
                        break
                    j += 1
                run = toks[i:j]
                while run and (run[-1].initial or (run[-1].low in PARTICLES and not run[-1].cap)):
                    run = run[:-1]
                first_cls = lex.klass(t.low)
                rest = [x for x in run[1:] if not x.initial and not (x.low in PARTICLES and not x.cap)]
                if not rest:
                    score = 0.5 if first_cls == _N and not t.sent_init and not t.upper else 0.0
                    if lex.first.get(t.low, 9) > 2:
                        score = 0.0
                    elif score and self._noun_follows(p, t):
                        self._reject(p, [t], "gazetteer", "product")
                        score = 0.0
                else:
                    rest_cls = [lex.klass(x.low) for x in rest]
                    last_known = any(lex.is_last(x.low) for x in rest)
                    if (t.low in lex.places and _N not in rest_cls) or t.low in _PLACE_PREFIXES:
                        self._reject(p, run, "gazetteer", "place")
                        i = max(j, i + 1)
                        continue
                    if first_cls == _N:
                        score = 0.8 if last_known else 0.7
                    else:  # first name that is also a word (Per, Kim, Bent)
                        score = 0.75 if last_known and _N in rest_cls else 0.6 if last_known else 0.55
                        if not last_known and _N not in rest_cls and all(lex.zipf(x.low) >= 4.0 for x in rest):
                            # common words only, no known surname: "That Other Job You Had", "a Long Tale"
                            self._reject(p, run, "gazetteer", "common_words")
                            score = 0.0
                        if t.sent_init and p.by_line[t.line][0] is not t:
                            score -= 0.1  # a sentence start inside a line ("... . Per Holm-...")
                if score >= MIN_SCORE and run:
                    end = _end_with_period(text, run[-1])
                    if _COMPANY_AFTER.match(text, run[-1].end) or any(
                        _COMPANY_AFTER.fullmatch(x.text) for x in run[1:]
                    ):
                        self._reject(p, run, "gazetteer", "company")
                        score = 0.0
                    elif _institution_before(text, t.start):
                        self._reject(p, run, "gazetteer", "institution")
                        score = 0.0
                    elif _is_street(text, [x for x in run if x.low not in PARTICLES]):
                        self._reject(p, run, "gazetteer", "street")
                        score = 0.0
                    if any(_overlaps(t.start, end, s, e) for s, e in blocked.get(p.unit.id, ())):
                        score -= 0.25
                        if score < MIN_SCORE:
                            self._reject(p, run, "gazetteer", "org_entity")
                    if score >= MIN_SCORE:
                        out.append(_Cand(p.unit.id, t.start, end, score, "gazetteer"))
                i = max(j, i + 1)
        return out

    def _unknown_then_surname(self, p: _Unit, i: int, blocked: dict[str, list[tuple[int, int]]]) -> list[_Cand]:
        """An unknown capitalised word before a common known surname ("Fitsum Haile", "Tendai Jensen")."""
        lex = self.lex
        t, nt = p.toks[i], p.toks[i + 1]
        text = p.unit.text
        if nt.line != t.line or text[t.end : nt.start] != " " or not nt.cap:
            return []
        if lex.klass(nt.low) != _N or (lex.last.get(nt.low) or 9) > 2 or _COMPANY_AFTER.match(text, nt.end):
            return []
        if t.sent_init and len(p.by_line[t.line]) > 4:
            return []  # a capitalised sentence start is no evidence
        if any(_overlaps(t.start, nt.end, s, e) for s, e in blocked.get(p.unit.id, ())):
            return []
        return [_Cand(p.unit.id, t.start, nt.end, 0.6, "gazetteer")]

    def _titles_and_inverted(self, prepared: list[_Unit]) -> list[_Cand]:
        """Names after a courtesy title ("Mr. Smith", "Fru Holm") and surname-first forms ("JENSEN, Anna")."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            for i, t in enumerate(toks[:-1]):
                nxt = toks[i + 1]
                gap = text[t.end : nxt.start]
                if t.text in _TITLE_FORMS and gap in (" ", ". ") and nxt.line == t.line and nxt.cap:
                    run = [nxt]
                    for x in toks[i + 2 : i + 5]:
                        if x.line != t.line or not x.cap or text[run[-1].end : x.start] not in (" ", "-"):
                            break
                        if lex.klass(x.low) == _S or _COMPANY_AFTER.fullmatch(x.text) or x.low in lex.places:
                            break
                        run.append(x)
                    if lex.klass(run[0].low) != _S and not _COMPANY_AFTER.match(text, run[-1].end):
                        out.append(_Cand(p.unit.id, run[0].start, run[-1].end, 0.8, "label"))
                    continue
                if (nxt.cap and not nxt.handle and nxt.line == t.line and t.end <= nxt.start
                        and _title_before(text, p.lines[nxt.line][0], nxt.start)):
                    cand = self._after_academic_title(p, i + 1)
                    if cand is not None:
                        out.append(cand)
                    continue
                if (gap == ", " and t.line == nxt.line and t.cap and nxt.cap and not t.handle
                        and (t.upper or lex.is_last(t.low)) and lex.klass(t.low) in (_N, _U)
                        and lex.is_first(nxt.low) and lex.klass(nxt.low) == _N and t.sent_init):
                    after = text[nxt.end : nxt.end + 1]
                    if _WORD_LIST_AFTER_RE.match(text, nxt.end):
                        continue  # "Jenkins, Hudson, Maven": a list of single words (skills, tools), no name
                    if after in ("", "\n", " ", ",", ".") and not _COMPANY_AFTER.match(text, nxt.end):
                        out.append(_Cand(p.unit.id, t.start, nxt.end, 0.75 if lex.is_last(t.low) else 0.6,
                                         "gazetteer"))
        return out

    def _after_academic_title(self, p: _Unit, i: int) -> _Cand | None:
        """The name after an academic or professional title ("Professor Jens Kristiansen", "lektor Mette")."""
        lex = self.lex
        text = p.unit.text
        first = p.toks[i]
        run = [first]
        for x in p.toks[i + 1 : i + 5]:
            if x.line != first.line or not x.cap or text[run[-1].end : x.start] not in (" ", "-"):
                break
            if lex.klass(x.low) in (_S, _W) or _COMPANY_AFTER.fullmatch(x.text) or x.low in lex.places:
                break
            run.append(x)
        classes = [lex.klass(x.low) for x in run]
        if (classes[0] in (_S, _W) or _COMPANY_AFTER.match(text, run[-1].end) or _is_date_word(text, first)
                or any(_COMPANY_AFTER.fullmatch(x.text) for x in run)):
            return None
        if _is_street(text, run) or (len(run) == 1 and first.low in lex.places):
            return None
        score = 0.8 if _N in classes or len(run) >= 2 else 0.7
        return _Cand(p.unit.id, first.start, run[-1].end, score, "label")

    def _handles(self, prepared: list[_Unit]) -> list[_Cand]:
        """Known first name + known name inside an e-mail local part, URL path or file name ("anna.jensen@")."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            for t1, t2 in zip(toks, toks[1:], strict=False):
                if not (t1.handle and t2.handle) or text[t1.end : t2.start] not in (".", "_", "-"):
                    continue
                if "@" in text[t1.end : t2.start] or lex.klass(t1.low) != _N or lex.klass(t2.low) != _N:
                    continue
                if not lex.is_first(t1.low) or not (lex.is_last(t2.low) or lex.is_first(t2.low)):
                    continue
                # skip domains: the tokens must not follow an "@" in the same chunk
                cs = max(text.rfind(" ", 0, t1.start), text.rfind("\n", 0, t1.start)) + 1
                if "@" in text[cs : t1.start]:
                    continue
                out.append(_Cand(p.unit.id, t1.start, t2.end, 0.7, "gazetteer"))
        return out

    def _run_together(self, prepared: list[_Unit]) -> list[_Cand]:
        """A common given name and surname run together in a handle, domain or file name ("andersjohansen.dk",
        "CV_MetteHolm.pdf"): a personal site or handle names its owner."""
        out: list[_Cand] = []
        for p in prepared:
            text = p.unit.text
            for t in p.toks:
                if not _handle_like(p, t) or len(t.text) < 8 or self.lex.split_concat(t.text) is None:
                    continue
                if p.unit.kind not in _HANDLE_KINDS and p.unit.kind != "metadata":
                    line = text[p.lines[t.line][0] : p.lines[t.line][1]]
                    if _PERIOD_RE.search(line) and "@" not in line:
                        continue  # an employer's site on a job line ("Designer, Louis Poulsen, 2018-2020, www...")
                out.append(_Cand(p.unit.id, t.start, t.end, 0.7, "gazetteer"))
        return out

    def _filenames(self, prepared: list[_Unit]) -> list[_Cand]:
        """A file name is dropped from the output anyway, so capitalised non-word runs in it count as names."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            if p.unit.kind != "filename":
                continue
            run: list[_Tok] = []
            for t in [*p.toks, None]:
                ok = t is not None and (t.cap or t.upper) and lex.klass(t.low) in (_N, _A, _U) and not (
                    _COMPANY_AFTER.fullmatch(t.text))
                if ok and t is not None:
                    run.append(t)
                    continue
                known = [x for x in run if lex.klass(x.low) == _N]
                if len(run) >= 2 or (len(run) == 1 and known and lex.is_first(run[0].low)):
                    out.append(_Cand(p.unit.id, run[0].start, run[-1].end, 0.7 if len(run) >= 2 else 0.6, "layout"))
                run = []
        return out

