"""Link stage: source mentions in each claim's sentence, the article's reference list, and support levels.

- citation markers (``[3]``, ``[2,4]``, ``(Smith et al., 2020)``), DOIs, PMIDs and URLs (regular expressions);
- named journals, publishers, agencies, organisations, instruments and study designs (``claimx.registry``,
  exact index plus rapidfuzz);
- vague attributions ("research suggests"), from ``models/patterns/attribution.yaml``;
- the reference list ("References"/"Sources" section), parsed into ``Reference`` records; markers are
  resolved to its entries (numbers, or author-year with rapidfuzz on the surname).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from rapidfuzz import fuzz

from claimx.lexicon import load_yaml
from claimx.records import Claim, Document, Reference, Sentence, SourceMention
from claimx.registry import Registry, default_registry

NUMERIC_CITE = re.compile(r"\[(\d{1,3}(?:\s*[,–\-]\s*\d{1,3})*)\]")
# A surname, accents allowed. Bounded and possessive (a name is never followed by a name character), so a
# run of hyphenated capitalised words ("Ab-Ab-Ab-...") costs linear time.
NAME = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]{1,40}+"
AUTHORS = rf"{NAME}(?: (?:et al\.?|and|&) ?(?:{NAME})?)?,? (?:19|20)\d{{2}}[a-z]?"
AUTHOR_YEAR = re.compile(rf"\(((?:see |e\.g\.,? )?{AUTHORS}(?:; ?{AUTHORS})*)\)")
NARRATIVE_CITE = re.compile(rf"\b({NAME})(?: et al\.?| and {NAME}| & {NAME})? \(((?:19|20)\d{{2}})[a-z]?\)")
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


@dataclass
class Linker:
    registry: Registry
    references: tuple[Reference, ...] = ()
    by_key: dict[str, Reference] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {r.key: r for r in self.references}

    def mentions(self, text: str, offset: int = 0, citations_only: bool = False) -> tuple[SourceMention, ...]:
        found: list[SourceMention] = []
        taken: list[tuple[int, int]] = []

        def add(m: SourceMention) -> None:
            if any(s < m.end - offset and m.start - offset < e for s, e in taken):
                return
            taken.append((m.start - offset, m.end - offset))
            found.append(m)

        by_key = self.by_key
        if "[" in text:
            for m in NUMERIC_CITE.finditer(text):
                for key in _expand_numbers(m.group(1)):
                    ref = by_key.get(key)
                    add_m = SourceMention(m.group(0), offset + m.start(), offset + m.end(), "citation",
                                          identifier=key, reference=ref.text if ref else None)
                    found.append(add_m)
                taken.append((m.start(), m.end()))
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
                taken.append((m.start(), m.end()))
            for m in NARRATIVE_CITE.finditer(text):
                ref = _resolve_author_year(self.references, m.group(1), m.group(2))
                if ref is not None:
                    add(SourceMention(m.group(0), offset + m.start(), offset + m.end(), "citation",
                                      identifier=f"{m.group(1)} {m.group(2)}", reference=ref.text))
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


def support_of(mentions: Sequence[SourceMention]) -> str:
    if any(m.is_specific_work and _is_work_url(m) for m in mentions):
        return "cited"
    if any(m.kind in ("journal", "publisher", "agency", "organization", "instrument") for m in mentions):
        return "named"
    if any(m.kind in ("vague", "study_design", "citation") for m in mentions):
        return "vague"
    return "none"


def _is_work_url(m: SourceMention) -> bool:
    if m.kind != "url":
        return True
    path = re.sub(r"^(?:https?://)?[^/]+", "", m.mention).strip("/")
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


def link_claims(doc: Document, sentences: Sequence[Sentence], claims: Sequence[Claim],
                registry: Registry | None = None, all_mentions: bool = False
                ) -> tuple[tuple[Claim, ...], tuple[Reference, ...], dict[int, tuple[SourceMention, ...]]]:
    """Attach sources, support and evidence to each claim. Returns the claims, the reference list and the
    mentions of every sentence that holds a claim or a citation marker (for unresolved-citation checks)."""
    references = parse_references(doc)
    linker = Linker(registry or default_registry(), references)
    by_index = {s.index: s for s in sentences}
    cache_mentions: dict[int, tuple[SourceMention, ...]] = {}
    claim_sentences = {c.sentence_index for c in claims}
    for s in sentences:
        if s.kind in ("heading", "reference"):
            continue
        if s.index in claim_sentences or all_mentions:
            cache_mentions[s.index] = linker.mentions(s.text, s.start)
        elif "[" in s.text or "(" in s.text:
            cites = linker.mentions(s.text, s.start, citations_only=True)
            if cites:
                cache_mentions[s.index] = cites
    out = []
    evidence_cache: dict[int, str] = {}
    for c in claims:
        mentions = cache_mentions.get(c.sentence_index)
        if mentions is None:
            s = by_index[c.sentence_index]
            mentions = cache_mentions[c.sentence_index] = linker.mentions(s.text, s.start)
        evidence = evidence_of(c.sentence, mentions, c.start)
        if evidence == "unknown":
            evidence = _study_referred_to(by_index, c.sentence_index, evidence_cache)
        out.append(replace(c, sources=mentions, support=support_of(mentions), evidence=evidence))
    return tuple(out), references, cache_mentions


LOOKBACK = 2
DESIGN_KINDS = frozenset({"meta_analysis", "rct", "animal", "in_vitro", "case_report"})


def _study_referred_to(by_index: dict[int, Sentence], index: int, cache: dict[int, str]) -> str:
    """The design of the study a claim refers back to: one named in the few sentences before it, in the same
    section ("In a randomised trial of 4,800 women ... The drug also lowered ..."). Only study designs carry
    over, not the wording-based kinds (observational, anecdote)."""
    for k in range(index - 1, index - 1 - LOOKBACK, -1):
        s = by_index.get(k)
        if s is None or s.kind == "heading":
            break
        if k not in cache:
            cache[k] = evidence_of(s.text, ())
        if cache[k] in DESIGN_KINDS:
            return cache[k]
    return "unknown"
