"""Immutable records that flow forward through the pipeline.

read -> Document; segment -> Sentence; tag -> Claim (no sources yet); link -> SourceMention / Reference and
Claim with sources and support; check -> Finding and Contradiction; render consumes DocumentResult.

All character offsets refer to ``Document.text`` (the extracted text). ``Document.position`` maps them back to
1-based line/column in the ORIGINAL file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["increase", "decrease", "no_change", "change"]
Support = Literal["cited", "named", "vague", "none"]
Strength = Literal["correlational", "conditional_causal", "direct_causal"]
Evidence = Literal[
    "meta_analysis", "rct", "observational", "animal", "in_vitro", "case_report", "anecdote", "unknown"
]
Severity = Literal["error", "warning", "info"]
BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "quote", "reference"]

DIRECTION_ARROWS: dict[str, str] = {"increase": "↑", "decrease": "↓", "no_change": "=", "change": "~"}


def _first(pair: tuple[int, int]) -> int:
    return pair[0]


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the extracted text. Sentences never cross block boundaries."""

    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment found in the original file (HTML/Markdown ``<!-- ... -->``), anchored at ``offset`` in the
    extracted text. Used for suppression directives."""

    text: str
    offset: int
    line: int


@dataclass(frozen=True, slots=True)
class Hyperlink:
    """A link of a Markdown or HTML document: its text ``start``-``end`` in the extracted text and its target."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    format: Literal["text", "markdown", "html"]
    text: str
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...] = ()
    # Piecewise map from extracted offsets to original offsets: sorted (extracted_start, original_start)
    # anchors; text between two anchors was copied verbatim.
    anchors: tuple[tuple[int, int], ...] = ((0, 0),)
    # Offsets in the ORIGINAL text at which each line starts (line 1 starts at 0).
    line_starts: tuple[int, ...] = (0,)
    # link targets (href) of Markdown/HTML links, mapped to the span of their link text
    links: tuple[Hyperlink, ...] = ()
    # The encoding the file was read with ("utf-8" unless a BOM or --encoding said otherwise).
    encoding: str = "utf-8"

    def original_offset(self, offset: int) -> int:
        i = bisect.bisect_right(self.anchors, offset, key=_first) - 1
        if i < 0:
            return offset
        ext, orig = self.anchors[i]
        return orig + (offset - ext)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of an extracted-text offset."""
        orig = self.original_offset(offset)
        line = bisect.bisect_right(self.line_starts, orig)
        return line, orig - self.line_starts[line - 1] + 1


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    kind: BlockKind | Literal["sentence"]


@dataclass(frozen=True, slots=True)
class Cue:
    """A modifier cue (hedge, negation, ...) found by the ConText rules."""

    text: str
    start: int
    end: int
    category: str


@dataclass(frozen=True, slots=True)
class Statistic:
    kind: str  # "ratio" (HR/OR/RR), "difference", "p", "percent_change"
    name: str  # e.g. "HR", "p", "mean difference"
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    p: float | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """An entry of the article's own reference list."""

    key: str  # "3" for numbered lists, "smith2020" for author-year
    text: str
    start: int
    end: int
    authors: tuple[str, ...] = ()
    year: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SourceMention:
    mention: str
    start: int
    end: int
    # citation | doi | pmid | pmcid | registration | url | journal | publisher | agency | organization |
    # instrument | person | study_design | vague
    kind: str
    canonical: str | None = None
    score: float | None = None
    identifier: str | None = None  # ROR id, NCI code, DOI, reference key, link target...
    reference: str | None = None  # resolved reference-list entry text
    in_registry: bool | None = None  # named sources: whether the registry knows the canonical name
    affiliation: str | None = None  # person: the organisation they speak for (its canonical name)
    role: str | None = None  # person: title or position as written ("Dr", "professor of cardiology")

    @property
    def is_specific_work(self) -> bool:
        return self.kind in {"doi", "pmid", "pmcid", "registration", "url", "citation"}


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    intervention: str | None
    outcome: str
    direction: Direction
    hedged: bool = False
    negated: bool = False
    intervention_source: Literal["sentence", "previous_sentence", "article"] = "sentence"
    intervention_span: tuple[int, int] | None = None
    outcome_span: tuple[int, int] = (0, 0)
    trigger: str = ""
    outcome_key: str = ""  # normalised outcome concept, for contradiction matching
    hedge_cues: tuple[Cue, ...] = ()
    strength: Strength = "direct_causal"
    statistics: tuple[Statistic, ...] = ()
    evidence: Evidence = "unknown"
    sources: tuple[SourceMention, ...] = ()
    support: Support = "none"
    # where support or evidence was inherited from: the study the sentence refers back to ("the trial")
    support_via: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """One source mention of the document (claim sentence or not) and the claims it supports."""

    mention: SourceMention
    sentence_index: int
    claims: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    start: int
    end: int
    claim_id: str | None = None
    related: tuple[str, ...] = ()
    fingerprint: str = ""
    excerpt: str = ""  # the sentence, for fingerprints and concise output
    short: str = ""  # the message without the claim it is about, for the editor's table and the HTML report


@dataclass(frozen=True, slots=True)
class Contradiction:
    claims: tuple[str, str]
    reason: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    path: str
    error: str | None = None
    document: Document | None = None
    sentences: tuple[Sentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    references: tuple[Reference, ...] = field(default_factory=tuple)
    # hedge cues of every sentence, aligned with ``sentences`` (for ``--sentences`` output)
    sentence_cues: tuple[tuple[Cue, ...], ...] = ()
    # strength of the relationship each sentence asserts (correlational / conditional_causal /
    # direct_causal), or None; aligned with ``sentences``
    sentence_relations: tuple[str | None, ...] = ()
    # source mentions of every sentence (only when requested: ``PipelineOptions.all_mentions``)
    sentence_sources: tuple[tuple[SourceMention, ...], ...] = ()
    # every source mention of the document, in text order (``documents[].sources`` in JSON)
    sources: tuple[DocumentSource, ...] = ()
    # one-line notes on the bounds that cut work on this document (e.g. the contradiction search)
    limits: tuple[str, ...] = ()
    # set when the result covers one section of a large file, not the whole file
    section: Section | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """Where one section of a large file, checked on its own (see ``claimx.batch``), lies in the file."""

    index: int  # 0-based
    line: int  # 1-based line of the file at which the section starts
    offset: int  # offset in the whole file's extracted text at which the section's text starts
    last: bool = False


@dataclass(frozen=True, slots=True)
class SectionDocument(Document):
    """The ``Document`` of a section of a large file: offsets are those of the whole file's extracted text
    (``offset_shift`` before the section's own), lines those of the whole file."""

    offset_shift: int = 0
    original_shift: int = 0
    line_shift: int = 0

    def original_offset(self, offset: int) -> int:
        return Document.original_offset(self, offset - self.offset_shift) + self.original_shift

    def position(self, offset: int) -> tuple[int, int]:
        orig = Document.original_offset(self, offset - self.offset_shift)
        line = bisect.bisect_right(self.line_starts, orig)
        return line + self.line_shift, orig - self.line_starts[line - 1] + 1
