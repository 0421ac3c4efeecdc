"""Link stage: source mentions in each claim's sentence, the article's reference list, and support levels.

- citation markers (``[3]``, ``[2,4]``, ``(Smith et al., 2020)``), DOIs, PMIDs and URLs (regular expressions);
- named journals, publishers, agencies, organisations, instruments and study designs (``claimx.registry``,
  exact index plus rapidfuzz);
- vague attributions ("research suggests"), from ``models/patterns/attribution.yaml``;
- the reference list ("References"/"Sources" section), parsed into ``Reference`` records; markers are
  resolved to its entries (numbers, or author-year with rapidfuzz on the surname).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from claimx.lexicon import load_yaml
from claimx.records import Document, Reference, SourceMention
from claimx.registry import Registry

NUMERIC_CITE = re.compile(r"\[(\d{1,3}(?:\s*[,–\-]\s*\d{1,3})*)\]")
# A surname, accents allowed. Bounded and possessive (a name is never followed by a name character), so a
# run of hyphenated capitalised words ("Ab-Ab-Ab-...") costs linear time.
NAME = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]{1,40}+"
AUTHORS = rf"{NAME}(?: (?:et al\.?|and|&) ?(?:{NAME})?)?,? (?:19|20)\d{{2}}[a-z]?"
AUTHOR_YEAR = re.compile(rf"\(((?:see |e\.g\.,? )?{AUTHORS}(?:; ?{AUTHORS})*)\)")
NARRATIVE_CITE = re.compile(
    rf"\b({NAME})(?P<more> et al\.?| and colleagues| and {NAME}| & {NAME})? \(((?:19|20)\d{{2}})[a-z]?\)")
ONE_AUTHOR_YEAR = re.compile(rf"({NAME})[^;]{{0,120}}?((?:19|20)\d{{2}})")
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;:)\]])")
PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b", re.IGNORECASE)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:)\]]")
YEAR = re.compile(r"\b((?:19|20)\d{2})[a-z]?\b")
REF_NUMBER = re.compile(r"(?:^|\n)[ \t]*\[?(\d{1,3})[.)\]]?[ \t]*$")

REGISTRY_KINDS = ("journal", "publisher", "agency", "organization", "instrument", "study_design")


@cache
def _vague_patterns() -> tuple[re.Pattern[str], ...]:
    data = load_yaml("patterns", "attribution.yaml")
    subject = "(?:" + "|".join(data.get("subjects", [])) + ")"
    verb = "(?:" + "|".join(data.get("verbs", [])) + ")"
    return tuple(
        re.compile(p.replace("{subject}", subject).replace("{verb}", verb), re.IGNORECASE)
        for p in data.get("patterns", [])
    )


@cache
def _evidence_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml("patterns", "evidence.yaml")
    return tuple((kind, re.compile("|".join(pats), re.IGNORECASE)) for kind, pats in data.get("kinds", {}).items())


# ----------------------------------------------------------------------------------------- references


def parse_references(doc: Document) -> tuple[Reference, ...]:
    refs: list[Reference] = []
    for n, block in enumerate((b for b in doc.blocks if b.kind == "reference"), start=1):
        text = doc.text[block.start:block.end]
        line_start = doc.text.rfind("\n", 0, block.start) + 1
        lead = doc.text[line_start:block.start]
        m = REF_NUMBER.search(lead) or re.match(r"\[?(\d{1,3})[.)\]]\s+", text)
        key = m.group(1) if m else str(n)
        if m and m.re.pattern.startswith(r"\[?(\d{1,3})[.)\]]\s+"):
            text = text[m.end():]
        authors = tuple(a.strip() for a in re.split(r",|;| and | & ", text.split("(")[0].split(".")[0])
                        if a.strip())[:6]
        year = YEAR.search(text)
        doi = DOI.search(text)
        pmid = PMID.search(text)
        url = URL.search(text)
        refs.append(Reference(
            key=key, text=text, start=block.start, end=block.end,
            authors=tuple(a.split()[0] for a in authors if a.split()),
            year=year.group(1) if year else None,
            doi=doi.group(1) if doi else None, pmid=pmid.group(1) if pmid else None,
            url=url.group(0) if url else None,
        ))
    return tuple(refs)


def _expand_numbers(spec: str) -> list[str]:
    out: list[str] = []
    for part in spec.split(","):
        bounds = [b.strip() for b in re.split(r"[–\-]", part)]
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and int(bounds[1]) - int(bounds[0]) < 50:
            out.extend(str(i) for i in range(int(bounds[0]), int(bounds[1]) + 1))
        elif part.strip():
            out.append(part.strip())
    return out


def _resolve_author_year(refs: Sequence[Reference], surname: str, year: str) -> Reference | None:
    best, best_score = None, 0.0
    for ref in refs:
        if ref.year != year or not ref.authors:
            continue
        score = fuzz.ratio(surname.lower(), ref.authors[0].lower())
        if score > best_score:
            best, best_score = ref, score
    return best if best_score >= 85 else None


# ------------------------------------------------------------------------------------------- mentions


class _Taken:
    """The spans already claimed by a mention, for overlap tests in logarithmic time (a scan of every span
    made the linker quadratic in the mentions of one text, e.g. a run of URLs). A span ``(a, b)`` overlaps
    ``(s, e)`` when ``s < b and a < e``; spans that overlap are kept merged (their union answers the same),
    empty ones apart. Spans come pattern by pattern, each pattern's in text order: they are appended to a
    *tail* in constant time and the tail is merged into the rest in one linear pass when the order breaks
    (a new pattern), so no insertion moves the whole list."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # merged non-empty spans, sorted, pairwise without overlap
        self.ends: list[int] = []
        self.tail_starts: list[int] = []  # the same, for the spans added since the last merge
        self.tail_ends: list[int] = []
        self.points: list[int] = []  # empty spans

    @staticmethod
    def _hit(starts: list[int], ends: list[int], a: int, b: int) -> bool:
        i = bisect_right(ends, a)  # the first span that ends after a
        return i < len(starts) and starts[i] < b

    def overlaps(self, a: int, b: int) -> bool:
        if self._hit(self.starts, self.ends, a, b) or self._hit(self.tail_starts, self.tail_ends, a, b):
            return True
        j = bisect_right(self.points, a)
        return j < len(self.points) and self.points[j] < b

    def add(self, a: int, b: int) -> None:
        if a >= b:
            insort(self.points, a)
            return
        ts, te = self.tail_starts, self.tail_ends
        if ts and a < ts[-1]:
            self._merge()
        if ts and a < te[-1]:  # overlaps the last tail span (and no earlier one: they end before it starts)
            te[-1] = max(te[-1], b)
        else:
            ts.append(a)
            te.append(b)

    def _merge(self) -> None:
        # two sorted runs: timsort merges them in linear time
        spans = sorted(itertools.chain(zip(self.starts, self.ends, strict=True),
                                       zip(self.tail_starts, self.tail_ends, strict=True)))
        starts: list[int] = []
        ends: list[int] = []
        for s, e in spans:
            if starts and s < ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self.starts, self.ends = starts, ends
        self.tail_starts.clear()  # in place: ``add`` holds them
        self.tail_ends.clear()


@dataclass
class Linker:
    registry: Registry
    references: tuple[Reference, ...] = ()
    by_key: dict[str, Reference] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {r.key: r for r in self.references}

    def mentions(self, text: str, offset: int = 0, citations_only: bool = False) -> tuple[SourceMention, ...]:
        found: list[SourceMention] = []
        taken = _Taken()

        def add(m: SourceMention) -> None:
            if taken.overlaps(m.start - offset, m.end - offset):
                return
            taken.add(m.start - offset, m.end - offset)
            found.append(m)

        by_key = self.by_key
        if "[" in text:
            for m in NUMERIC_CITE.finditer(text):
                for key in _expand_numbers(m.group(1)):
                    ref = by_key.get(key)
                    add_m = SourceMention(m.group(0), offset + m.start(), offset + m.end(), "citation",
                                          identifier=key, reference=ref.text if ref else None)
                    found.append(add_m)
                taken.add(m.start(), m.end())
        if "(" in text:
            for m in AUTHOR_YEAR.finditer(text):
                for part in m.group(1).split(";"):
                    one = ONE_AUTHOR_YEAR.search(part)
                    if not one:
                        continue
                    ref = _resolve_author_year(self.references, one.group(1), one.group(2))
                    found.append(SourceMention(m.group(0), offset + m.start(), offset + m.end(), "citation",
                                               identifier=f"{one.group(1)} {one.group(2)}",
                                               reference=ref.text if ref else None))
                taken.add(m.start(), m.end())
            for m in NARRATIVE_CITE.finditer(text):
                year = m.group(3)
                ref = _resolve_author_year(self.references, m.group(1), year)
                # "Smith (2020)" alone may be a name and a year; "Smith et al. (2020)" is a citation
                if ref is not None or m.group("more"):
                    add(SourceMention(m.group(0), offset + m.start(), offset + m.end(), "citation",
                                      identifier=f"{m.group(1)} {year}", reference=ref.text if ref else None))
        if citations_only:
            return tuple(sorted(found, key=lambda m: (m.start, m.end, m.kind)))
        for m in DOI.finditer(text):
            add(SourceMention(m.group(1), offset + m.start(1), offset + m.end(1), "doi", identifier=m.group(1)))
        for m in PMID.finditer(text):
            add(SourceMention(m.group(0), offset + m.start(), offset + m.end(), "pmid", identifier=m.group(1)))
        for m in URL.finditer(text):
            add(SourceMention(m.group(0), offset + m.start(), offset + m.end(), "url", identifier=m.group(0)))
        for s, e, link in self.registry.find(text):
            add(SourceMention(text[s:e], offset + s, offset + e, link.kind, link.canonical, link.score,
                              link.identifier))
        for pattern in _vague_patterns():
            for m in pattern.finditer(text):
                add(SourceMention(m.group(0), offset + m.start(), offset + m.end(), "vague"))
        found.sort(key=lambda m: (m.start, m.end, m.kind))
        return tuple(found)


NAMED_KINDS = frozenset({"journal", "publisher", "agency", "organization", "instrument", "person"})


def support_of(mentions: Sequence[SourceMention]) -> str:
    """cited: a marker that identifies a work (a citation marker, resolved or not, a DOI, PMID, PMCID, trial
    registration or a link to a work); named: a named journal, publisher, agency, organisation, instrument or
    person; vague: only study designs or vague attributions; none."""
    if any(m.is_specific_work and _is_work_url(m) for m in mentions):
        return "cited"
    if any(m.kind in NAMED_KINDS for m in mentions):
        return "named"
    if any(m.kind in ("vague", "study_design", "citation") for m in mentions):
        return "vague"
    return "none"


def _is_work_url(m: SourceMention) -> bool:
    if m.kind != "url":
        return True
    path = re.sub(r"^(?:https?://)?[^/]+", "", m.identifier or m.mention).strip("/")
    return bool(path)


def evidence_of(text: str, mentions: Sequence[SourceMention], offset: int = 0) -> str:
    """The kind of study a claim rests on, from its sentence and its study-design sources. Study designs are
    read from the whole sentence ("a Cochrane review"); the wording-based kinds (observational, anecdote)
    from the sentence with names of organisations, journals and publishers masked ("American Heart
    Association" is not an association study)."""
    chars = list(text)
    for m in mentions:
        if m.kind in ("journal", "publisher", "agency", "organization", "instrument"):
            for i in range(max(0, m.start - offset), min(len(chars), m.end - offset)):
                chars[i] = " "
    designs = " ".join(m.canonical or "" for m in mentions if m.kind == "study_design")
    full = f"{text} {designs}"
    masked = f"{''.join(chars)} {designs}"
    for kind, pattern in _evidence_patterns():
        if pattern.search(full if kind in DESIGN_KINDS else masked):
            return kind
    return "unknown"


DESIGN_KINDS = frozenset({"meta_analysis", "rct", "animal", "in_vitro", "case_report"})
