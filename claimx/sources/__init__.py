"""Sources stage: every source an article names, and the support and evidence of each claim.

For each sentence (claim sentence or not): citation markers, DOIs, PMIDs and URLs, named registry sources and
vague attributions (``claimx.link``); link targets and identifiers (``citations``); organisations found by the
form of their name (``organizations``); people quoted or reported (``people``). Claims take their support from
their own sentence's sources, then from the study they refer back to (``studies``). The result also holds
the document's source inventory (``DocumentResult.sources``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from claimx.link import REGISTRY_KINDS, Linker, evidence_of, parse_references, support_of
from claimx.records import Claim, Document, DocumentSource, Reference, Sentence, SourceMention
from claimx.registry import Registry, default_registry
from claimx.sources.citations import identifier_mentions, link_mentions
from claimx.sources.organizations import organization_mentions
from claimx.sources.people import People, attributions
from claimx.sources.studies import apply_studies

ORG_KINDS = frozenset({"organization", "agency"})
# in headings only names count, not wording ("Analyze Research Findings")
HEADING_SKIP = frozenset({"vague", "study_design"})
# words right before a one-word journal name that show it is the journal ("published in Nature")
JOURNAL_CUES = frozenset({"in", "journal", "published", "the"})


@dataclass(frozen=True)
class Linked:
    claims: tuple[Claim, ...]
    references: tuple[Reference, ...]
    mentions: dict[int, tuple[SourceMention, ...]]  # sentence index -> its source mentions
    inventory: tuple[DocumentSource, ...]


def _overlaps(a: SourceMention, b: SourceMention) -> bool:
    return a.start < b.end and b.start < a.end


def _merge(base: list[SourceMention], extra: Sequence[SourceMention], layer: bool = False) -> list[SourceMention]:
    """Add mentions: one that contains shorter named mentions replaces them ("European Society of
    Cardiology" over "Cardiology"); one that overlaps another otherwise is dropped. A ``layer`` (link targets)
    is added whatever it overlaps: the link text keeps its own mentions."""
    out = list(base)
    for m in extra:
        if layer:
            out.append(m)
            continue
        hit = [x for x in out if _overlaps(x, m) and x.kind not in ("vague", "url", "doi", "pmid", "pmcid",
                                                                      "registration", "citation")]
        if not hit:
            out.append(m)
        elif all(m.start <= x.start and x.end <= m.end and (x.end - x.start) < (m.end - m.start) for x in hit):
            out = [x for x in out if x not in hit] + [m]
    return out


def _ordinary_word_journal(m: SourceMention, s: Sentence) -> bool:
    """A one-word journal name at the start of a sentence with no cue ("Nature has its own cures")."""
    if m.kind != "journal" or " " in m.mention.strip():
        return False
    before = s.text[:m.start - s.start].strip(" \"'“‘(").lower().split()
    return not before or before[-1] not in JOURNAL_CUES


def _drop_definitions(ms: list[SourceMention], text: str, offset: int) -> list[SourceMention]:
    """Drop an acronym in parentheses right after the name it abbreviates ("European Society of Cardiology
    (ESC)"): one source, named once."""
    out: list[SourceMention] = []
    for m in sorted(ms, key=lambda x: (x.start, x.end)):
        prev = out[-1] if out else None
        if prev is not None and prev.canonical and prev.canonical == m.canonical and \
                text[prev.end - offset:m.start - offset] == " (" and text[m.end - offset:m.end - offset + 1] == ")":
            continue
        out.append(m)
    return out


def link_sources(doc: Document, sentences: Sequence[Sentence], claims: Sequence[Claim],
                 registry: Registry | None = None) -> Linked:
    registry = registry or default_registry()
    references = parse_references(doc)
    linker = Linker(registry, references)
    acronyms: dict[str, str] = {}
    found: dict[int, list[SourceMention]] = {}
    for s in sentences:
        if s.kind == "reference":
            continue
        ms = [replace(m, in_registry=True) if m.kind in REGISTRY_KINDS else m
              for m in linker.mentions(s.text, s.start)]
        ms = [m for m in ms if not _ordinary_word_journal(m, s)]
        if s.kind == "heading":
            ms = [m for m in ms if m.kind not in HEADING_SKIP]
        ms = _merge(ms, link_mentions(s.text, s.start, doc.links), layer=True)
        ms = _merge(ms, identifier_mentions(s.text, s.start))
        ms = _merge(ms, organization_mentions(s.text, s.start, registry, acronyms))
        found[s.index] = _drop_definitions(ms, s.text, s.start)
    _add_people(doc, sentences, found)
    mentions = {k: tuple(sorted(dict.fromkeys(v), key=lambda m: (m.start, m.end, m.kind)))
                for k, v in found.items() if v}
    out = []
    for c in claims:
        own = mentions.get(c.sentence_index, ())
        out.append(replace(c, sources=own, support=support_of(own), evidence=evidence_of(c.sentence, own, c.start)))
    linked = apply_studies(sentences, out, mentions, lambda o: doc.position(o)[0], evidence_of, support_of)
    return Linked(linked, references, mentions, _inventory(mentions, linked))


def _add_people(doc: Document, sentences: Sequence[Sentence], found: dict[int, list[SourceMention]]) -> None:
    people = People()
    orgs = sorted((m for ms in found.values() for m in ms if m.kind in ORG_KINDS), key=lambda m: m.start)

    def orgs_in(start: int, end: int) -> list[SourceMention]:
        return [m for m in orgs if start <= m.start and m.end <= end]

    by_block: dict[int, list[Sentence]] = {}
    starts = [b.start for b in doc.blocks]
    for s in sentences:
        if s.kind in ("reference", "heading", "table_row"):
            continue
        by_block.setdefault(bisect.bisect_right(starts, s.start) - 1, []).append(s)
    for k in sorted(by_block):
        group = by_block[k]
        block = doc.blocks[k] if k >= 0 else None
        lo = block.start if block else group[0].start
        hi = block.end if block else group[-1].end
        text = doc.text[lo:hi]
        given = attributions(text, lo, [(s.start, s.end) for s in group], people, orgs_in)
        for pos, ms in given.items():
            s = group[pos]
            found[s.index] = _merge(found.get(s.index, []), [m for m in ms if m.kind == "person"])
            found[s.index] += [m for m in ms if m.kind != "person" and m not in found[s.index]]


def _inventory(mentions: dict[int, tuple[SourceMention, ...]], claims: Sequence[Claim]) -> tuple[DocumentSource, ...]:
    supports: dict[tuple[int, int, str], list[str]] = {}
    for c in claims:
        for m in c.sources:
            ids = supports.setdefault((m.start, m.end, m.kind), [])
            if c.id not in ids:
                ids.append(c.id)
    seen: set[tuple[int, int, str]] = set()
    out = []
    for index in sorted(mentions):
        for m in mentions[index]:
            key = (m.start, m.end, m.kind)
            if key in seen:
                continue
            seen.add(key)
            out.append(DocumentSource(m, index, tuple(supports.get(key, ()))))
    out = _fold_nested_people(out)
    out.sort(key=lambda d: (d.mention.start, d.mention.end, d.mention.kind))
    return tuple(out)


def _fold_nested_people(sources: list[DocumentSource]) -> list[DocumentSource]:
    """A person found twice where they are named ("Lena Brandt" inside "Professor Lena Brandt", once for the
    reported speech and once for the quote it introduces) is one mention: the longer, with both sets of claims."""
    people = [d.mention for d in sources if d.mention.kind == "person"]

    def outer(m: SourceMention) -> SourceMention | None:
        return next((o for o in people if o.canonical == m.canonical and o.start <= m.start and m.end <= o.end
                     and o.end - o.start > m.end - m.start), None)

    moved: dict[SourceMention, list[str]] = {}
    kept = []
    for d in sources:
        into = outer(d.mention) if d.mention.kind == "person" else None
        if into is None:
            kept.append(d)
        else:
            moved.setdefault(into, []).extend(d.claims)
    if not moved:
        return sources
    out = []
    for d in kept:
        extra = [c for c in moved.get(d.mention, ()) if c not in d.claims]
        if extra:
            d = DocumentSource(d.mention, d.sentence_index,
                               tuple(sorted({*d.claims, *extra}, key=lambda c: int(c[1:]))))
        out.append(d)
    return out
