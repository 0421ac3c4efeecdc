"""Studies as discourse entities. A study introduced once ("The SUNRISE trial, published in the Journal of
...", "a 2019 crossover study of 60 adults", "In mice, ...") is remembered; a later sentence that refers back
to it ("In the trial, ...", "the researchers", "these mice") inherits its support and evidence kind, and says
so (``Claim.support_via``). Evidence carries only along such references, or to claims about the study's own
intervention until another study is introduced; never to unrelated claims. The forms live in
``models/sources/studies.yaml``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from claimx.lexicon import load_yaml
from claimx.records import Claim, Sentence, SourceMention

SUPPORT_RANK = {"none": 0, "vague": 1, "named": 2, "cited": 3}


@dataclass(frozen=True)
class _Forms:
    named: re.Pattern[str]
    described: re.Pattern[str]
    references: re.Pattern[str]
    designs: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _forms() -> _Forms:
    d = load_yaml("sources", "studies.yaml")
    intro = d["introductions"]
    return _Forms(re.compile(intro["named"]),
                  re.compile("|".join(f"(?:{p})" for p in intro["described"]), re.IGNORECASE),
                  re.compile("|".join(f"(?:{p})" for p in d["references"]), re.IGNORECASE),
                  tuple((re.compile(p, re.IGNORECASE), kind) for p, kind in d.get("designs", {}).items()))


@dataclass(frozen=True)
class Study:
    name: str
    sentence_index: int
    line: int
    evidence: str
    support: str
    sources: tuple[SourceMention, ...]
    interventions: frozenset[str]

    @property
    def label(self) -> str:
        return f"{self.name} (line {self.line})"


def introduction(text: str) -> str | None:
    """The words that introduce a study in a sentence, if any."""
    forms = _forms()
    m = forms.named.search(text) or forms.described.search(text)
    return " ".join(m.group(0).split()) if m else None


def names_study(text: str) -> bool:
    """Whether the sentence names a study with the definite article ("The SLIM-KNEE trial recruited ...")."""
    return _forms().named.search(text) is not None


def refers_back(text: str, intro_span: tuple[int, int] | None = None) -> bool:
    for m in _forms().references.finditer(text):
        if intro_span is None or not (intro_span[0] <= m.start() < intro_span[1]):
            return True
    return False


def _same_intervention(name: str | None, names: frozenset[str]) -> bool:
    return bool(name) and name.lower() in names


def _key(m: SourceMention) -> tuple[str, str]:
    return m.kind, m.identifier or m.canonical or m.mention


def _no_other_source(c: Claim, study: Study) -> bool:
    """Whether the claim names no source that is not one of the study's. Designs, instruments and the people
    quoted (with their organisations) are no other source: they tell who speaks or how it was measured, not
    which work the claim rests on. A vague attribution of its own ("Experts agree that ...") is another one."""
    theirs = {_key(m) for m in study.sources}
    affiliations = {m.affiliation for m in c.sources if m.kind == "person"}
    return all(_key(m) in theirs for m in c.sources
               if m.kind not in ("study_design", "instrument", "person")
               and not (m.canonical and m.canonical in affiliations))


def apply_studies(sentences: Sequence[Sentence], claims: Sequence[Claim],
                  mentions: dict[int, tuple[SourceMention, ...]], line_of: Callable[[int], int],
                  evidence_of: Callable[[str, Sequence[SourceMention], int], str],
                  support_of: Callable[[Sequence[SourceMention]], str]) -> tuple[Claim, ...]:
    """Claims with support and evidence inherited from the study their sentence refers back to.

    A study's span runs from the sentence that introduces it to the next introduction. Its interventions are
    those of the claims in the sentences that introduce it or refer back to it (failing those, the
    intervention most claims of the span name). In the span, a claim with no evidence kind of its own takes
    the study's when its sentence refers back to the study or it is about the study's intervention; a claim
    whose sentence refers back also takes the study's support when that is stronger than its own."""
    by_sentence: dict[int, list[int]] = {}
    for k, c in enumerate(claims):
        by_sentence.setdefault(c.sentence_index, []).append(k)
    spans: list[tuple[Study, list[Sentence]]] = []
    for s in sentences:
        if s.kind in ("reference", "table_row"):
            continue
        intro = introduction(s.text)
        if intro is not None and spans and names_study(s.text) and not any(
                x.kind == "heading" for x in spans[-1][1][1:]):
            # "The SLIM-KNEE trial recruited ..." after "a randomised trial published today": its name
            study, members = spans[-1]
            ms = tuple(m for m in mentions.get(s.index, ()) if m.kind != "vague" and m not in study.sources)
            spans[-1] = (replace(study, sources=study.sources + ms), [*members, s])
            continue
        if intro is not None:
            ms = [m for m in mentions.get(s.index, ()) if m.kind != "vague"]
            evidence = evidence_of(s.text, ms, s.start)
            if evidence == "unknown":  # "The NOVA-HF trial enrolled ...": the design word of the introduction
                evidence = next((kind for word, kind in _forms().designs if word.search(intro)), "unknown")
            # a study introduced but not identified is itself a vague source ("a study of 670 people")
            support = support_of(ms) if ms else "vague"
            study = Study(intro, s.index, line_of(s.start), evidence, "vague" if support == "none" else support,
                          tuple(ms), frozenset())
            spans.append((study, [s]))
        elif spans:
            spans[-1][1].append(s)
    out = list(claims)
    # a citation marker names the work of the study whose introduction carries it
    cited_by: dict[str, Study] = {}
    for study, _ in spans:
        for m in study.sources:
            if m.kind in ("citation", "doi", "pmid", "pmcid", "registration") and m.identifier:
                cited_by.setdefault(m.identifier.lower(), study)
    for study, members in spans:
        names = [(claims[k].intervention or "").lower() for s in members for k in by_sentence.get(s.index, ())
                 if claims[k].intervention and claims[k].intervention_source == "sentence"
                 and (s.index == study.sentence_index or refers_back(s.text) or names_study(s.text))]
        if not names:
            counts = Counter((claims[k].intervention or "").lower() for s in members
                             for k in by_sentence.get(s.index, ()) if claims[k].intervention)
            names = [max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]] if counts else []
        ivs = frozenset(names)
        same_section = True
        for s in members:
            if s.kind == "heading" and s.index != study.sentence_index:
                same_section = False  # claims about the intervention under another heading are not the study's
                continue
            refers = s.index != study.sentence_index and (refers_back(s.text) or names_study(s.text))
            for k in by_sentence.get(s.index, ()):
                c = out[k]
                changes: dict[str, object] = {}
                # a claim with a named or cited source of its own rests on that source, not on the study
                about = same_section and _same_intervention(c.intervention, ivs) and _no_other_source(c, study)
                if c.evidence == "unknown" and study.evidence != "unknown" and (refers or about):
                    changes["evidence"] = study.evidence
                if refers and SUPPORT_RANK[study.support] > SUPPORT_RANK[c.support]:
                    changes["support"] = study.support
                    changes["sources"] = c.sources + tuple(m for m in study.sources if m not in c.sources)
                via = study
                if c.evidence == "unknown" and "evidence" not in changes:
                    # "(Iwasaki & Tran, 2015)" again, after another study: the evidence of the work it names
                    earlier = next((cited_by[m.identifier.lower()] for m in c.sources if m.identifier and
                                    m.identifier.lower() in cited_by and m.kind != "url"), None)
                    if earlier is not None and earlier.evidence != "unknown" and earlier.sentence_index != s.index:
                        changes["evidence"], via = earlier.evidence, earlier
                if changes:
                    out[k] = replace(c, support_via=via.label, **changes)  # type: ignore[arg-type]
    return tuple(out)
