"""The pipeline: read -> segment -> tag -> link -> check, one document at a time.

Each stage is one module and data flows forward as immutable records. ``Pipeline`` holds the loaded
resources (spaCy rules, vocabularies, registry) so that many documents share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from claimx.check import check, find_contradictions
from claimx.read import DEFAULT_MAX_BYTES, InputError, read_path, read_text
from claimx.records import Document, DocumentResult
from claimx.registry import Registry, default_registry
from claimx.segment import segment
from claimx.sources import link_sources
from claimx.tag import Tagger, intervention_key, make_tagger


@dataclass(frozen=True)
class PipelineOptions:
    extra_interventions: tuple[str, ...] = ()
    extra_outcomes: tuple[str, ...] = ()
    extra_sources: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    all_mentions: bool = False  # also report the sources of every sentence (``DocumentResult.sentence_sources``)
    encoding: str = "utf-8"  # of input files: a codec name, or "auto" (charset detection)


@dataclass
class Pipeline:
    options: PipelineOptions = field(default_factory=PipelineOptions)

    def __post_init__(self) -> None:
        self.tagger: Tagger = make_tagger(self.options.extra_interventions, self.options.extra_outcomes)
        self.registry: Registry = (Registry.load([Path(p) for p in self.options.extra_sources])
                                   if self.options.extra_sources else default_registry())
        self._keys: dict[str | None, str] = {}

    def _key(self, name: str | None) -> str:
        if name not in self._keys:
            self._keys[name] = intervention_key(name, self.tagger.lexicon)
        return self._keys[name]

    def run(self, doc: Document) -> DocumentResult:
        sentences = segment(doc)
        tagged = self.tagger.tag_all(sentences, doc.text)
        claims = tagged.claims
        linked = link_sources(doc, sentences, claims, self.registry)
        claims, references, mentions = linked.claims, linked.references, linked.mentions
        limits: list[str] = []
        contradictions = find_contradictions(claims, self._key, limits)
        findings = check(doc, sentences, claims, contradictions, references, mentions)
        return DocumentResult(path=doc.path, document=doc, sentences=sentences, claims=claims,
                              findings=findings, contradictions=contradictions, references=references,
                              sentence_cues=tagged.cues, sentence_relations=tagged.relations,
                              sentence_sources=tuple(mentions.get(s.index, ()) for s in sentences)
                              if self.options.all_mentions else (), sources=linked.inventory,
                              limits=tuple(limits))

    def check_path(self, path: Path, display: str | None = None, fmt: str | None = None) -> DocumentResult:
        shown = display or str(path)
        try:
            doc = read_path(path, self.options.max_bytes, fmt, self.options.encoding)
        except InputError as exc:
            return DocumentResult(path=shown, error=str(exc))
        if display:
            doc = replace(doc, path=display)
        return self.run(doc)

    def check_text(self, text: str, path: str = "<stdin>", fmt: str = "text",
                   encoding: str = "utf-8") -> DocumentResult:
        """Check an article given as a string; ``encoding`` is only reported (the one it was decoded from)."""
        doc = read_text(text, path, fmt)
        return self.run(replace(doc, encoding=encoding) if encoding != doc.encoding else doc)


@cache
def default_pipeline() -> Pipeline:
    return Pipeline()


def check_text(text: str, path: str = "<stdin>", fmt: str = "text") -> DocumentResult:
    """Check one article given as a string with the default resources."""
    return default_pipeline().check_text(text, path, fmt)
