"""Propagation: names wrapped over a line break, seeds of confident names searched for everywhere, and the
merging of overlapping candidates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.detect.names.filters import NameFilters, _is_street
from redactor.detect.names.lexicon import _Lexicon
from redactor.detect.names.shapes import _BIO_RE, _SPACED_RE, _WORD_GAP_RE, _spaced_out
from redactor.detect.names.vocab import (
    _A,
    _COMPANY_AFTER,
    _N,
    _S,
    _U,
    _W,
    _WORD_RE,
    MIN_SCORE,
    PARTICLES,
    STOPWORDS,
    TITLES,
    _Cand,
    _end_with_period,
    _handle_like,
    _is_date_word,
    _joinable,
    _Seed,
    _strip_genitive,
    _Tok,
    _Unit,
    skeleton,
)


class NamePropagation(NameFilters):
    """Wrapped names, seeds and propagation, merging."""

    # --- names wrapped over a line break ---------------------------------------------------------------------
    def _wrapped(self, prepared: list[_Unit], merged: list[_Cand]) -> list[_Cand]:
        """The rest of a name continued on the next line ("Prof. Troels\nLund-Hansen", "Jens Lund-\nHansen").

        A found name that ends its line and looks unfinished (a lone given name, given names only, a trailing
        particle or hyphen) continues with the name-like words that start the next line, or the next unit
        of the same page and kind (a PDF block or DOCX paragraph broken inside a name).
        """
        out: list[_Cand] = []
        lex = self.lex
        order = {p.unit.id: k for k, p in enumerate(prepared)}
        for c in merged:
            if c.score < MIN_SCORE:
                continue
            k = order[c.unit_id]
            p = prepared[k]
            text = p.unit.text
            inside = [t for t in p.toks if c.start <= t.start and t.end <= c.end]
            if not inside or inside[-1].handle:
                continue
            li = inside[-1].line
            rest = text[c.end : p.lines[li][1]]
            hyphen = rest.strip() == "-"
            if rest.strip() and not hyphen:
                continue
            core = [t for t in inside if not t.initial and t.low not in PARTICLES]
            unfinished = (
                hyphen or inside[-1].low in PARTICLES
                or (len(core) == 1 and lex.is_first(core[0].low))
                or (1 <= len(core) <= 2 and all(lex.is_first(t.low) and not lex.is_last(t.low) for t in core))
            )
            if not unfinished:
                continue
            if li + 1 < len(p.lines):
                target, nli = p, li + 1
                while nli < len(p.lines) and not p.by_line[nli] and not text[slice(*p.lines[nli])].strip():
                    nli += 1
                    break  # one blank line at most is not a wrap: stop
                if nli != li + 1:
                    continue
            else:
                if k + 1 >= len(prepared):
                    continue
                target, nli = prepared[k + 1], 0
                if (target.unit.kind != p.unit.kind or target.unit.page != p.unit.page
                        or target.unit.ref != p.unit.ref or len(core) != 1):
                    continue
            cand = self._line_start_name(target, nli, hyphen, strict=target is not p)
            if cand is not None:
                cand.score = min(c.score, 0.9) - (0.2 if cand.score < 0.7 else 0.0)
                cand.source = c.source
                out.append(cand)
        return out

    def _line_start_name(self, p: _Unit, li: int, hyphen: bool, *, strict: bool) -> _Cand | None:
        """A name-like run of words at the very start of line ``li`` (score 0.6 when only unknown words)."""
        if li >= len(p.lines) or not p.by_line[li]:
            return None
        text = p.unit.text
        ls, le = p.lines[li]
        toks = p.by_line[li]
        first = toks[0]
        if text[ls : first.start].strip() or not first.cap or first.handle or _is_date_word(text, first):
            return None
        lex = self.lex
        run = [first]
        if not hyphen:
            for x in toks[1:3]:
                if not x.cap or x.handle or text[run[-1].end : x.start] not in (" ", "-"):
                    break
                if lex.klass(x.low) in (_S, _W) or _COMPANY_AFTER.fullmatch(x.text):
                    break
                run.append(x)
        classes = [lex.klass(x.low) for x in run]
        if any(c in (_S, _W) for c in classes) or _COMPANY_AFTER.match(text, run[-1].end):
            return None
        if _is_street(text, run) or (len(run) == 1 and first.low in lex.places):
            return None
        known = any(lex.is_last(x.low) or lex.klass(x.low) == _N for x in run)
        after = text[run[-1].end : le].lstrip(" ")
        ends = not after or after[0] in ",.;:()[]–-|/" or not after[0].isalpha()
        if strict and not (ends and known and len(run) == len(toks)):
            return None  # across units only a line holding nothing but the surname counts
        if not known and not (hyphen or ends):
            return None
        return _Cand(p.unit.id, first.start, _end_with_period(text, run[-1]), 0.8 if known else 0.6, "wrap")

    # --- seeds and propagation ----------------------------------------------------------------------------
    def _seeds_from_name(self, name: str, score: float, source: str) -> list[_Seed]:
        parts: list[str] = []
        for raw in _WORD_RE.findall(name):
            low = raw.casefold()
            if len(low) < 2 or low in PARTICLES or low in TITLES or low in STOPWORDS:
                continue
            parts.append(raw)
            if "-" in raw:
                parts += [x for x in raw.split("-") if len(x) >= 3 and x.casefold() not in PARTICLES]
        if not parts:
            return []
        keys = [skeleton(_strip_genitive(x)) for x in parts]
        seeds = []
        for raw, key in zip(parts, keys, strict=True):
            low = _strip_genitive(raw).casefold()
            cls = self.lex.klass(low)
            wordish = cls in (_A, _W) or (cls == _U and self.lex.zipf(low) >= 3.0)
            others = frozenset(k[:1] for k in keys if k != key and k)
            seeds.append(_Seed(key, wordish, score, source, others, cls == _N or source == "applicant"))
        return seeds

    def _propagate(self, prepared: list[_Unit], seeds: list[_Seed]) -> list[_Cand]:
        table: dict[str, _Seed] = {}
        for s in seeds:
            old = table.get(s.key)
            if old is None:
                table[s.key] = s
                continue
            if old.source == "applicant":
                win = old
            elif s.source == "applicant" or s.score > old.score:
                win = s
            else:
                win = old
            table[s.key] = _Seed(s.key, s.wordish or old.wordish, win.score, win.source, s.initials | old.initials,
                                 s.known or old.known)
        keys_for_substring = [k for k, s in table.items() if len(k) >= 4 and not s.wordish]
        skel_cache: dict[str, str] = {}
        out: list[_Cand] = []
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            hits: list[tuple[int, int, _Seed, bool]] = []  # (start, end, seed, wordish-match)
            for idx, t in enumerate(toks):
                key = skel_cache.get(t.text)
                if key is None:
                    key = skel_cache[t.text] = skeleton(_strip_genitive(t.text))
                seed = table.get(key)
                if seed is None and key.endswith("s") and len(key) > 3:
                    seed = table.get(key[:-1])
                if seed is not None:
                    if seed.wordish and not _wordish_hit_ok(toks, idx, seed, table, text, key, self.lex):
                        continue
                    if not t.handle and _is_date_word(text, t):
                        continue
                    if not (seed.known or t.cap or t.handle):
                        continue  # an unknown word found as a name counts in lower case only in handles
                    hits.append((t.start, t.end, seed, seed.wordish))
                    continue
                if _handle_like(p, t) and len(key) >= 5:
                    found = next((table[k] for k in keys_for_substring if k in key), None)
                    found = found or _concat_of_seeds(key.replace("-", "").replace("'", ""), table)
                    if found is not None:
                        hits.append((t.start, t.end, found, False))
            hits += _spaced_hits(text, p.lines, table)
            for start, end, seed, wordish in hits:
                if _COMPANY_AFTER.match(text, end) and self.lex.very_common_surname(text[start:end].casefold()):
                    continue  # "Hansen & Søn ApS": a company named with a very common surname names nobody
                # initials in front of a matched part ("A. Jensen", "A.M. Jensen")
                start = _extend_initials(text, start, seed.initials)
                base = seed.score if seed.source == "applicant" else min(seed.score, 0.9)
                score = base - (0.1 if wordish else 0.0)
                out.append(_Cand(p.unit.id, start, end, score, seed.source))
        return out

    # --- merging ------------------------------------------------------------------------------------------
    def _merge(self, cands: Iterable[_Cand], prepared: list[_Unit]) -> list[_Cand]:
        by_unit: dict[str, list[_Cand]] = {}
        for c in cands:
            if c.end > c.start:
                by_unit.setdefault(c.unit_id, []).append(c)
        texts = {p.unit.id: p.unit.text for p in prepared}
        merged: list[_Cand] = []
        for uid, lst in by_unit.items():
            text = texts[uid]
            lst.sort(key=lambda c: (c.start, -c.end))
            group: list[_Cand] = []
            g_end = -1
            for c in lst:
                if group and (c.start < g_end or _joinable(text[g_end : c.start]) and c.start - g_end <= 2):
                    group.append(c)
                    g_end = max(g_end, c.end)
                else:
                    if group:
                        merged.append(_combine(uid, group))
                    group, g_end = [c], c.end
            if group:
                merged.append(_combine(uid, group))
        return merged



def _spaced_hits(text: str, lines: list[tuple[int, int]],
                 table: dict[str, _Seed]) -> list[tuple[int, int, _Seed, bool]]:
    """A found name written letter-spaced elsewhere ("J O H N  D O E", "J O H N D O E" with the word gap
    lost): the spaced-out run whose letters spell a name part or the parts run together."""
    hits: list[tuple[int, int, _Seed, bool]] = []
    for ls, le in lines:
        for m in _SPACED_RE.finditer(text, ls, le):
            if not _spaced_out(m.group(0)):
                continue
            words = [skeleton(w.replace(" ", "").replace("\u00a0", "")) for w in _WORD_GAP_RE.split(m.group(0))]
            seeds = [table.get(w) for w in words]
            if all(s is not None for s in seeds):
                seed = max((s for s in seeds if s is not None), key=lambda s: s.score)
            elif len(words) == 1:
                found = _concat_of_seeds(words[0], table)
                if found is None:
                    continue
                seed = found
            else:
                continue
            hits.append((m.start(), m.end(), seed, False))
    return hits


def _concat_of_seeds(key: str, table: dict[str, _Seed]) -> _Seed | None:
    """The seed behind a handle written as name parts run together: firstlast, lastfirst, flast, firstl."""
    if len(key) < 5:
        return None
    for i in range(1, len(key)):
        a, b = key[:i], key[i:]
        sa, sb = table.get(a), table.get(b)
        if sa is not None and sb is not None and a != b:
            return sa if sa.score >= sb.score else sb
        if len(a) == 1 and sb is not None and len(b) >= 4 and a in sb.initials:
            return sb  # "ajohansen"
        if len(b) == 1 and sa is not None and len(a) >= 4 and b in sa.initials:
            return sa  # "andersj"
    return None



def _wordish_hit_ok(
    toks: list[_Tok], idx: int, seed: _Seed, table: dict[str, _Seed], text: str, key: str, lex: _Lexicon
) -> bool:
    """Whether an occurrence of a name part that is also an ordinary word ("Per", "Holm") is the name."""
    t = toks[idx]
    if t.handle:
        return _chunk_has_other_part(toks, idx, table, key)
    if not t.cap:
        return False
    if t.sent_init and seed.source != "applicant":
        # at a sentence start only a rare word ("Signe", "Bent") counts alone; "Per", "Rose" need a neighbour,
        # or to be the subject of a third-person sentence about the person ("John was a great student")
        if seed.score >= 0.85 and lex.zipf(t.low) < 4.2:
            return True
        if seed.score >= 0.85 and lex.is_first(t.low) and _bio_subject(text, t):
            return True
        return _neighbour_is_part(toks, idx, table, text)
    return True


def _bio_subject(text: str, t: _Tok) -> bool:
    """Whether ``t`` is the subject of a verb of a third-person bio ("Maja is ...", "Per har ...")."""
    m = _BIO_RE.match(text, t.start)
    return m is not None and m.end("name") == t.end


def _chunk_has_other_part(toks: list[_Tok], idx: int, table: dict[str, _Seed], key: str) -> bool:
    """In an e-mail/URL chunk, an ordinary-word part counts only beside another part of the name."""
    t = toks[idx]
    for k in (idx - 2, idx - 1, idx + 1, idx + 2):
        if 0 <= k < len(toks) and toks[k].handle and abs(toks[k].start - t.start) < 60:
            other = skeleton(toks[k].text)
            if other != key and (other in table or (len(other) == 1 and other in table[key].initials)):
                return True
    return False


def _neighbour_is_part(toks: list[_Tok], idx: int, table: dict[str, _Seed], text: str) -> bool:
    t = toks[idx]
    for k in (idx - 1, idx + 1):
        if 0 <= k < len(toks) and toks[k].line == t.line:
            a, b = (toks[k], t) if k < idx else (t, toks[k])
            if text[a.end : b.start] in (" ", "-") and skeleton(toks[k].text) in table:
                return True
    return False


def _extend_initials(text: str, start: int, initials: frozenset[str]) -> int:
    if not initials:
        return start
    m = re.search(r"((?:\b[A-ZÆØÅ]\.\s?-?){1,3}|\b[A-ZÆØÅ] )$", text[max(0, start - 12) : start])
    if m is None:
        return start
    letters = {skeleton(c)[:1] for c in m.group(1) if c.isalpha()}
    if letters and letters <= initials:
        return start - len(m.group(1))
    return start


def _combine(unit_id: str, group: list[_Cand]) -> _Cand:
    # A name propagated onto its own first finding adds no evidence: propagation is not combined with the
    # direct signals, but it is a floor (a weak direct guess never pulls a propagated name below its score).
    direct = [c for c in group if c.source != "propagation"]
    best: dict[str, float] = {}
    for c in direct or group:
        best[c.source] = max(best.get(c.source, 0.0), c.score)
    miss = 1.0
    for s in best.values():
        miss *= 1.0 - max(0.0, min(s, 0.99))
    score = min(0.99, 1.0 - miss)
    source = max(best.items(), key=lambda kv: kv[1])[0]
    propagated = max((c.score for c in group if c.source == "propagation"), default=0.0)
    if direct and propagated > score:
        score, source = propagated, "propagation"
    return _Cand(unit_id, min(c.start for c in group), max(c.end for c in group), score, source)


