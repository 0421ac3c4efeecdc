"""``claimx eval``: claimx's accuracy as numbers, on the annotated corpus and on public labelled data sets.

Five parts, each optional through ``only``:

``corpus``
    Every ``corpus/NAME.gold.json`` with its article. claimx checks the article (``Pipeline.check_path``, the
    format from the file extension) and its claims are matched to the gold claims:

    * **Sentence match.** Sentences are compared after whitespace normalisation (every whitespace run becomes
      one space, ends stripped). A predicted sentence matches a gold sentence when
      ``rapidfuzz.fuzz.ratio >= 90`` or the predicted sentence contains the gold one (case-insensitive).
    * **Claim match.** Only pairs whose sentences match are candidates. Each candidate pair is scored by the
      outcome similarity (``fuzz.token_set_ratio``, case-insensitive), then the intervention similarity, then
      the sentence ratio; the pairs are taken greedily from the best score down, one-to-one (a gold claim and
      a predicted claim are each used once). So where one sentence holds several gold claims, each predicted
      claim goes to the gold claim whose outcome (then intervention) it resembles most. Ties fall to the
      earlier gold claim, then the earlier predicted claim, so the matching is deterministic.
    * **Phrase match** (intervention, outcome): ``fuzz.token_set_ratio >= 80`` or one phrase contains the
      other, case-insensitive; a missing intervention never matches.

    Metrics: claim-sentence precision/recall/F1 (the distinct sentences holding >= 1 predicted claim against
    the distinct gold claim sentences, matched one-to-one by sentence ratio); claim precision/recall/F1 (the
    matched pairs); on matched pairs, the accuracy of the intervention, the outcome, the intervention +
    outcome + direction triple, and of direction, hedged, negated, strength, evidence and support;
    unsupported-flag precision/recall/F1 over matched pairs (positive = unsupported, i.e. support is not
    ``cited``); contradiction precision/recall (a gold pair counts as found when both of its claims are
    matched and their predicted partners form a predicted contradiction, and a predicted pair counts as right
    when the same holds the other way); canonical-source link accuracy (each gold source with a non-null
    canonical, in a matched pair, is found when the predicted claim has a source of the same kind whose
    canonical matches by ``token_set_ratio >= 85`` or resolves through ``default_registry().link`` to the
    same registry entry as the gold canonical); and the share of the gold ``non_claims`` that claimx tags as
    claims. Per-article claim precision/recall go to the JSON report.

``segmentation``
    ``{shared}/segmentation/golden_rules_en.json``: how many rules ``split_sentences`` passes (stripped
    sentence strings equal), over the 48 ``in_pysbd48`` rules and over all of them.

``evidence``
    ``{shared}/evidence_inference/ev2_dev.jsonl``: claimx checks each evidence text as plain text; among its
    claims whose outcome matches the prompt's outcome (the phrase match above) the one with the best outcome,
    then intervention, similarity gives the direction (increase -> significantly increased, decrease ->
    significantly decreased, no_change -> no significant difference; ``change`` gives no label); when no
    claim's outcome matches, the first claim's direction. Only the claims ``claimx check`` reports are read
    (their direction already takes the sentence's statistics into account); without a claim the row has no
    prediction, which counts as wrong. Macro-F1 over the three labels, accuracy, coverage (rows with a
    label) and the confusion matrix (with a ``none`` column).

``strength``
    ``{shared}/causal_language/yu2019_dev.csv``: ``Claim.strength`` of the first claim claimx reports for the
    sentence (direct_causal 1, conditional_causal 2, correlational 3), 0 when it reports none. Macro-F1 over the four
    labels, per-class precision/recall/F1, confusion matrix.

``hedge``
    ``{shared}/uncertainty/szeged_wiki_dev.jsonl``: does the sentence carry an uncertainty cue? Predicted
    yes when ``check_text(sentence).sentence_cues`` holds any cue. Sentence-level precision/recall/F1, and
    the recall for each gold cue type.

Every metric carries its sample size. Nothing from the data sets is stored or printed: the report holds
numbers, labels and rule ids only.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rapidfuzz import fuzz
from rich.console import Group
from rich.table import Table

from claimx.check import is_overclaim
from claimx.evaluate_insciout import (
    ANNOTATED_DIR,
    RELEASES_DIR,
    RELEASES_FILE,
    STATEMENTS_FILE,
    StatementsReport,
    default_pipeline,
    evaluate_releases,
    evaluate_statements,
)
from claimx.records import Claim, DocumentResult

if TYPE_CHECKING:
    from claimx.pipeline import Pipeline

PARTS: tuple[str, ...] = ("corpus", "segmentation", "evidence", "strength", "hedge", "statements", "releases",
                          "annotated")

SENTENCE_RATIO_MIN = 90.0
PHRASE_RATIO_MIN = 80.0
CANONICAL_RATIO_MIN = 85.0

SEGMENTATION_FILE = "segmentation/golden_rules_en.json"
EVIDENCE_FILE = "evidence_inference/ev2_dev.jsonl"
STRENGTH_FILE = "causal_language/yu2019_dev.csv"
HEDGE_FILE = "uncertainty/szeged_wiki_dev.jsonl"

EVIDENCE_LABELS: tuple[str, ...] = ("significantly increased", "significantly decreased", "no significant difference")
DIRECTION_TO_LABEL: dict[str, str] = {
    "increase": "significantly increased",
    "decrease": "significantly decreased",
    "no_change": "no significant difference",
}
NO_PREDICTION = "none"
EVIDENCE_SHORT: dict[str, str] = {"significantly increased": "increased", "significantly decreased": "decreased",
                                  "no significant difference": "no difference"}
STRENGTH_LABELS: tuple[str, ...] = ("0", "1", "2", "3")
STRENGTH_NAMES: dict[str, str] = {"0": "no relationship", "1": "direct causal", "2": "conditional causal",
                                  "3": "correlational"}
STRENGTH_SHORT: dict[str, str] = {"0": "0 none", "1": "1 direct", "2": "2 cond.", "3": "3 corr."}
STRENGTH_TO_LABEL: dict[str, str] = {"direct_causal": "1", "conditional_causal": "2", "correlational": "3"}

# Published results to print beside ours (see shared/README.md and the papers): (name, value).
ANCHORS: dict[str, list[tuple[str, float]]] = {
    "evidence": [("BioMed RoBERTa pipeline (DeYoung et al. 2020)", 0.78), ("rule baseline", 0.51)],
    "strength": [("BioBERT (Yu et al. 2019)", 0.88)],
}
ANCHOR_SHORT: dict[str, str] = {"evidence": "RoBERTa 0.78, rules 0.51", "strength": "BioBERT 0.88"}

CORPUS_FIELDS: tuple[str, ...] = ("intervention", "outcome", "triple", "direction", "hedged", "negated",
                                  "strength", "evidence", "support")

Progress = Callable[[str], None]


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# --------------------------------------------------------------------------------------------------------
# Metric records
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Accuracy:
    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"value": _r(self.value), "correct": self.correct, "n": self.total}


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from counts. F1 = 2TP / (2TP + FP + FN), 0 when TP is 0."""

    tp: int
    fp: int
    fn: int

    @property
    def n_pred(self) -> int:
        return self.tp + self.fp

    @property
    def n_gold(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "n_pred": self.n_pred, "n_gold": self.n_gold}


@dataclass(frozen=True, slots=True)
class PairPRF:
    """Precision and recall of pairs (contradictions) mapped through a matching: the predicted pairs that are
    right (precision side) and the gold pairs that are found (recall side) are counted separately."""

    right: int
    wrong: int
    found: int
    missed: int

    @property
    def n_pred(self) -> int:
        return self.right + self.wrong

    @property
    def n_gold(self) -> int:
        return self.found + self.missed

    @property
    def precision(self) -> float | None:
        return self.right / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.found / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
                "right": self.right, "found": self.found, "n_pred": self.n_pred, "n_gold": self.n_gold}


@dataclass(frozen=True, slots=True)
class Classification:
    """A multi-class result: gold labels x predicted labels (``none`` = no prediction)."""

    labels: tuple[str, ...]
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count

    @classmethod
    def from_pairs(cls, labels: Sequence[str], pairs: Iterable[tuple[str, str]]) -> Classification:
        counts = Counter(pairs)
        columns = (*labels, NO_PREDICTION)
        confusion = {g: {p: counts.get((g, p), 0) for p in columns} for g in labels}
        return cls(tuple(labels), confusion)

    @property
    def n(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    def per_class(self) -> dict[str, PRF]:
        out: dict[str, PRF] = {}
        for lab in self.labels:
            tp = self.confusion[lab][lab]
            fn = sum(self.confusion[lab].values()) - tp
            fp = sum(self.confusion[g][lab] for g in self.labels if g != lab)
            out[lab] = PRF(tp, fp, fn)
        return out

    @property
    def macro_f1(self) -> float | None:
        if not self.n:
            return None
        return sum(p.f1 or 0.0 for p in self.per_class().values()) / len(self.labels)

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy(sum(self.confusion[lab][lab] for lab in self.labels), self.n)

    @property
    def coverage(self) -> Accuracy:
        return Accuracy(self.n - sum(row[NO_PREDICTION] for row in self.confusion.values()), self.n)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "macro_f1": _r(self.macro_f1),
            "accuracy": self.accuracy.to_dict(),
            "coverage": self.coverage.to_dict(),
            "per_class": {k: v.to_dict() for k, v in self.per_class().items()},
            "confusion": self.confusion,
        }


# --------------------------------------------------------------------------------------------------------
# Gold records and matching
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldSource:
    mention: str
    kind: str
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class GoldClaim:
    id: str
    sentence: str
    intervention: str | None
    outcome: str
    direction: str
    hedged: bool = False
    negated: bool = False
    strength: str = "direct_causal"
    evidence: str = "unknown"
    support: str = "none"
    unsupported: bool = True
    sources: tuple[GoldSource, ...] = ()

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> GoldClaim:
        support = d.get("support", "none")
        return cls(
            id=str(d["id"]),
            sentence=str(d["sentence"]),
            intervention=d.get("intervention"),
            outcome=str(d.get("outcome", "")),
            direction=str(d.get("direction", "")),
            hedged=bool(d.get("hedged", False)),
            negated=bool(d.get("negated", False)),
            strength=str(d.get("strength", "direct_causal")),
            evidence=str(d.get("evidence", "unknown")),
            support=str(support),
            unsupported=bool(d.get("unsupported", support != "cited")),
            sources=tuple(GoldSource(str(s.get("mention", "")), str(s.get("kind", "")), s.get("canonical"))
                          for s in d.get("sources", ())),
        )


@dataclass(frozen=True, slots=True)
class GoldArticle:
    gold_path: Path
    article: Path
    claims: tuple[GoldClaim, ...]
    contradictions: tuple[tuple[str, str], ...]
    non_claims: tuple[str, ...]

    @classmethod
    def load(cls, gold_path: Path) -> GoldArticle:
        d = json.loads(gold_path.read_text(encoding="utf-8"))
        article = gold_path.parent / str(d["article"])
        if not article.is_file() and (gold_path.parent.parent / str(d["article"])).is_file():
            article = gold_path.parent.parent / str(d["article"])  # relative to the folder above gold/
        return cls(
            gold_path=gold_path,
            article=article,
            claims=tuple(GoldClaim.from_json(c) for c in d.get("claims", ())),
            contradictions=tuple((str(a), str(b)) for a, b in d.get("contradictions", ())),
            non_claims=tuple(str(s) for s in d.get("non_claims", ())),
        )


@dataclass(frozen=True, slots=True)
class Match:
    gold: int  # index into the gold claims
    pred: int  # index into the predicted claims
    outcome_score: float
    intervention_score: float
    sentence_score: float


def normalise(text: str) -> str:
    """Whitespace runs become one space; ends stripped."""
    return " ".join(text.split())


def sentence_score(predicted: str, gold: str) -> float | None:
    """The ``fuzz.ratio`` of two whitespace-normalised sentences when they match, else None. They match when
    the ratio is >= 90 or the predicted sentence contains the gold one (case-insensitive)."""
    p, g = normalise(predicted), normalise(gold)
    ratio = fuzz.ratio(p, g)
    if ratio >= SENTENCE_RATIO_MIN or (g and g.casefold() in p.casefold()):
        return ratio
    return None


def phrase_similarity(a: str | None, b: str | None) -> float:
    """``fuzz.token_set_ratio`` of two phrases, case-insensitive; 0 when one is missing."""
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(normalise(a).casefold(), normalise(b).casefold())


def phrases_match(a: str | None, b: str | None) -> bool:
    """Intervention/outcome match: token_set_ratio >= 80 or one contains the other, case-insensitive."""
    if not a or not b:
        return False
    x, y = normalise(a).casefold(), normalise(b).casefold()
    return x in y or y in x or phrase_similarity(x, y) >= PHRASE_RATIO_MIN


def match_claims(gold: Sequence[GoldClaim], predicted: Sequence[Claim]) -> list[Match]:
    """One-to-one greedy matching of predicted to gold claims (see the module docstring), sorted by gold index."""
    candidates: list[Match] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            s = sentence_score(p.sentence, g.sentence)
            if s is None:
                continue
            candidates.append(Match(gi, pi, phrase_similarity(p.outcome, g.outcome),
                                    phrase_similarity(p.intervention, g.intervention), s))
    candidates.sort(key=lambda m: (-m.outcome_score, -m.intervention_score, -m.sentence_score, m.gold, m.pred))
    used_g: set[int] = set()
    used_p: set[int] = set()
    taken: list[Match] = []
    for m in candidates:
        if m.gold in used_g or m.pred in used_p:
            continue
        used_g.add(m.gold)
        used_p.add(m.pred)
        taken.append(m)
    return sorted(taken, key=lambda m: (m.gold, m.pred))


def match_sentences(predicted: Sequence[str], gold: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one greedy matching of sentences by ``fuzz.ratio`` among pairs that match; (pred, gold) pairs."""
    cands: list[tuple[float, int, int]] = []
    for pi, p in enumerate(predicted):
        for gi, g in enumerate(gold):
            s = sentence_score(p, g)
            if s is not None:
                cands.append((s, pi, gi))
    cands.sort(key=lambda c: (-c[0], c[2], c[1]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, pi, gi in cands:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((pi, gi))
    return sorted(pairs)


@cache
def _registry_canonical(name: str) -> str | None:
    from claimx.registry import default_registry

    try:
        link = default_registry().link(name)
    except Exception:  # a registry problem must not stop the evaluation
        return None
    return link.canonical if link is not None else None


def canonical_found(gold: GoldSource, predicted: Claim) -> bool:
    """Is the gold source's canonical among the predicted claim's sources (same kind, see the docstring)?"""
    if gold.canonical is None:
        return False
    for src in predicted.sources:
        if src.kind != gold.kind or not src.canonical:
            continue
        if phrase_similarity(src.canonical, gold.canonical) >= CANONICAL_RATIO_MIN:
            return True
        linked = _registry_canonical(gold.canonical)
        if linked is not None and linked in {src.canonical, _registry_canonical(src.canonical)}:
            return True
    return False


# --------------------------------------------------------------------------------------------------------
# Part reports
# --------------------------------------------------------------------------------------------------------


@dataclass
class ArticleScore:
    article: str
    claims: PRF
    sentences: PRF
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"claims": self.claims.to_dict(), "sentences": self.sentences.to_dict(), "error": self.error}


@dataclass
class CorpusReport:
    articles: list[ArticleScore] = field(default_factory=list)
    sentences: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    claims: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    fields: dict[str, Accuracy] = field(default_factory=dict)
    unsupported: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    overclaim: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    contradictions: PairPRF = field(default_factory=lambda: PairPRF(0, 0, 0, 0))
    canonical: Accuracy = field(default_factory=lambda: Accuracy(0, 0))
    non_claims_tagged: Accuracy = field(default_factory=lambda: Accuracy(0, 0))
    elapsed: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [f"{a.article}: {a.error}" for a in self.articles if a.error]

    def metrics(self) -> dict[str, float | None]:
        """The headline numbers as a flat name -> value map (the keys of ``tests/floors.json``)."""
        out: dict[str, float | None] = {
            "claim_sentence_precision": self.sentences.precision,
            "claim_sentence_recall": self.sentences.recall,
            "claim_sentence_f1": self.sentences.f1,
            "claim_precision": self.claims.precision,
            "claim_recall": self.claims.recall,
            "claim_f1": self.claims.f1,
        }
        out.update({f"{name}_accuracy": acc.value for name, acc in self.fields.items()})
        out.update({
            "unsupported_precision": self.unsupported.precision,
            "unsupported_recall": self.unsupported.recall,
            "unsupported_f1": self.unsupported.f1,
            "overclaim_precision": self.overclaim.precision,
            "overclaim_recall": self.overclaim.recall,
            "overclaim_f1": self.overclaim.f1,
            "contradiction_precision": self.contradictions.precision,
            "contradiction_recall": self.contradictions.recall,
            "canonical_link_accuracy": self.canonical.value,
            "non_claims_tagged": self.non_claims_tagged.value,
        })
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_articles": len(self.articles),
            "claim_sentences": self.sentences.to_dict(),
            "claims": self.claims.to_dict(),
            "matched": {k: v.to_dict() for k, v in self.fields.items()},
            "unsupported_flag": self.unsupported.to_dict(),
            "overclaim_flag": self.overclaim.to_dict(),
            "contradictions": self.contradictions.to_dict(),
            "canonical_sources": self.canonical.to_dict(),
            "non_claims_tagged": self.non_claims_tagged.to_dict(),
            "articles": {a.article: a.to_dict() for a in self.articles},
            "errors": self.errors,
        }


@dataclass
class SegmentationReport:
    passed_48: int
    total_48: int
    passed_all: int
    total_all: int
    failed: list[str]
    elapsed: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"in_pysbd48": Accuracy(self.passed_48, self.total_48).to_dict(),
                "all": Accuracy(self.passed_all, self.total_all).to_dict(),
                "failed_rules": sorted(self.failed)}


@dataclass
class DirectionReport:
    result: Classification
    via: dict[str, Accuracy]  # which reader gave the prediction -> its accuracy on those rows
    elapsed: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "via": {k: v.to_dict() for k, v in sorted(self.via.items())},
                "anchors": {name: value for name, value in ANCHORS["evidence"]}}


@dataclass
class StrengthReport:
    result: Classification
    elapsed: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "label_names": STRENGTH_NAMES,
                "anchors": {name: value for name, value in ANCHORS["strength"]}}


@dataclass
class HedgeReport:
    sentences: PRF
    tn: int  # sentences without a gold cue and without a predicted one
    per_type_recall: dict[str, Accuracy]
    elapsed: float = 0.0

    @property
    def n(self) -> int:
        return self.sentences.tp + self.sentences.fp + self.sentences.fn + self.tn

    def to_dict(self) -> dict[str, Any]:
        weasel = {k: v for k, v in self.per_type_recall.items() if "weasel" in k}
        return {"n": self.n, "sentences": self.sentences.to_dict(),
                "accuracy": Accuracy(self.sentences.tp + self.tn, self.n).to_dict(),
                "per_type_recall": {k: v.to_dict() for k, v in sorted(self.per_type_recall.items())},
                "weasel_recall": ({k: v.to_dict() for k, v in sorted(weasel.items())} if weasel else None)}


@dataclass
class EvalReport:
    corpus: CorpusReport | None = None
    segmentation: SegmentationReport | None = None
    evidence: DirectionReport | None = None
    strength: StrengthReport | None = None
    hedge: HedgeReport | None = None
    statements: StatementsReport | None = None
    releases: StatementsReport | None = None
    annotated: CorpusReport | None = None
    notices: list[str] = field(default_factory=list)

    def elapsed(self) -> dict[str, float]:
        return {name: round(part.elapsed, 2) for name in PARTS if (part := getattr(self, name)) is not None}


# --------------------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------------------


def score_article(gold: GoldArticle, result: DocumentResult) -> tuple[ArticleScore, dict[str, Any]]:
    """Scores of one article and the raw counts the corpus totals are summed from."""
    pred = list(result.claims)
    matches = match_claims(gold.claims, pred)
    claims = PRF(len(matches), len(pred) - len(matches), len(gold.claims) - len(matches))

    pred_sents: dict[int, str] = {}
    for c in pred:
        pred_sents.setdefault(c.sentence_index, c.sentence)
    pred_list = [pred_sents[k] for k in sorted(pred_sents)]
    gold_list = list(dict.fromkeys(normalise(c.sentence) for c in gold.claims))
    n_sent = len(match_sentences(pred_list, gold_list))
    sentences = PRF(n_sent, len(pred_list) - n_sent, len(gold_list) - n_sent)

    correct: Counter[str] = Counter()
    unsupported = [0, 0, 0]  # tp fp fn
    overclaim = [0, 0, 0]  # tp fp fn; gold: the CX301 rule applied to the gold fields
    flagged = {f.claim_id for f in result.findings if f.code == "CX301"}
    canon = [0, 0]
    for m in matches:
        g, p = gold.claims[m.gold], pred[m.pred]
        iv = phrases_match(p.intervention, g.intervention)
        oc = phrases_match(p.outcome, g.outcome)
        correct["intervention"] += iv
        correct["outcome"] += oc
        correct["triple"] += iv and oc and p.direction == g.direction
        correct["direction"] += p.direction == g.direction
        correct["hedged"] += p.hedged == g.hedged
        correct["negated"] += p.negated == g.negated
        correct["strength"] += p.strength == g.strength
        correct["evidence"] += p.evidence == g.evidence
        correct["support"] += p.support == g.support
        p_uns = p.support != "cited"
        if p_uns and g.unsupported:
            unsupported[0] += 1
        elif p_uns:
            unsupported[1] += 1
        elif g.unsupported:
            unsupported[2] += 1
        p_over = p.id in flagged
        g_over = is_overclaim(g.evidence, g.strength, g.hedged)
        overclaim[0 if p_over and g_over else 1 if p_over else 2] += p_over or g_over
        for src in g.sources:
            if src.canonical is not None:
                canon[1] += 1
                canon[0] += canonical_found(src, p)

    g2p = {gold.claims[m.gold].id: pred[m.pred].id for m in matches}
    p2g = {v: k for k, v in g2p.items()}
    gold_pairs = {frozenset(pair) for pair in gold.contradictions}
    pred_pairs = {frozenset(c.claims) for c in result.contradictions}
    found = sum(1 for pair in gold_pairs
                if all(x in g2p for x in pair) and frozenset(g2p[x] for x in pair) in pred_pairs)
    right = sum(1 for pair in pred_pairs
                if all(x in p2g for x in pair) and frozenset(p2g[x] for x in pair) in gold_pairs)
    # precision from the predicted side, recall from the gold side (they can differ by construction)
    contradictions = (right, len(pred_pairs) - right, found, len(gold_pairs) - found)

    tagged = sum(1 for s in gold.non_claims if any(sentence_score(p, s) is not None for p in pred_list))
    raw = {"matches": len(matches), "correct": correct, "unsupported": unsupported, "overclaim": overclaim,
           "canonical": canon,
           "contradictions": contradictions, "non_claims": (tagged, len(gold.non_claims))}
    return ArticleScore(gold.article.name, claims, sentences, result.error), raw


def gold_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.gold.json")) or sorted(corpus.glob("*.json"))


def evaluate_corpus(corpus: Path, pipeline: Pipeline | None = None, notices: list[str] | None = None
                    ) -> CorpusReport:
    t0 = time.perf_counter()
    notices = notices if notices is not None else []
    pipeline = pipeline or default_pipeline()
    report = CorpusReport()
    files = gold_files(corpus)
    if not files:
        notices.append(f"corpus: no *.gold.json files in {corpus}")
    n_matched = 0
    correct: Counter[str] = Counter()
    uns = [0, 0, 0]
    over = [0, 0, 0]
    canon = [0, 0]
    con = [0, 0, 0, 0]
    non = [0, 0]
    for gf in files:
        try:
            gold = GoldArticle.load(gf)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            notices.append(f"corpus: {gf.name} skipped: cannot read it ({exc})")
            continue
        if not gold.article.is_file():
            result = DocumentResult(path=str(gold.article), error="article file not found")
        else:
            try:
                result = pipeline.check_path(gold.article)
            except Exception as exc:  # a crash on one article is a result, not the end of the evaluation
                result = DocumentResult(path=str(gold.article), error=f"claimx failed: {type(exc).__name__}: {exc}")
        score, raw = score_article(gold, result)
        report.articles.append(score)
        report.claims += score.claims
        report.sentences += score.sentences
        n_matched += raw["matches"]
        correct.update(raw["correct"])
        uns = [a + b for a, b in zip(uns, raw["unsupported"], strict=True)]
        over = [a + b for a, b in zip(over, raw["overclaim"], strict=True)]
        canon = [a + b for a, b in zip(canon, raw["canonical"], strict=True)]
        con = [a + b for a, b in zip(con, raw["contradictions"], strict=True)]
        non = [a + b for a, b in zip(non, raw["non_claims"], strict=True)]
    report.fields = {name: Accuracy(correct[name], n_matched) for name in CORPUS_FIELDS}
    report.unsupported = PRF(*uns)
    report.overclaim = PRF(*over)
    report.contradictions = PairPRF(*con)
    report.canonical = Accuracy(*canon)
    report.non_claims_tagged = Accuracy(*non)
    for err in report.errors:
        notices.append(f"corpus: {err}")
    report.elapsed = time.perf_counter() - t0
    return report


# --------------------------------------------------------------------------------------------------------
# Shared data sets
# --------------------------------------------------------------------------------------------------------


def evaluate_segmentation(path: Path) -> SegmentationReport:
    from claimx.segment import split_sentences

    t0 = time.perf_counter()
    rules = json.loads(path.read_text(encoding="utf-8"))
    p48 = t48 = pall = 0
    failed: list[str] = []
    for rule in rules:
        text = rule["text"]
        got = [text[s:e].strip() for s, e in split_sentences(text)]
        ok = got == [s.strip() for s in rule["sentences"]]
        pall += ok
        if rule.get("in_pysbd48"):
            t48 += 1
            p48 += ok
        if not ok:
            failed.append(str(rule.get("id", "?")))
    return SegmentationReport(p48, t48, pall, len(rules), failed, time.perf_counter() - t0)


def sample(rows: list[Any], limit: int | None) -> list[Any]:
    """``limit`` evenly spaced rows (in file order), or all rows. The data files are often sorted by label,
    so the first N rows would not do."""
    if limit is None or limit >= len(rows):
        return rows
    if limit <= 0:
        return []
    return [rows[i * len(rows) // limit] for i in range(limit)]


def _read_jsonl(path: Path, limit: int | None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return sample(rows, limit)


def _check(pipeline: Pipeline, text: str, name: str) -> DocumentResult:
    try:
        return pipeline.check_text(text, name, "text")
    except Exception as exc:  # count as "no claim", keep going
        return DocumentResult(path=name, error=f"{type(exc).__name__}: {exc}")


def best_claim(claims: Sequence[Claim], outcome: str, intervention: str | None) -> Claim | None:
    """The claim whose outcome matches ``outcome`` (phrase match) with the best outcome, then intervention,
    similarity; the earlier claim on ties; None when no outcome matches."""
    best: tuple[float, float, int] | None = None
    chosen: Claim | None = None
    for i, c in enumerate(claims):
        if not phrases_match(c.outcome, outcome):
            continue
        key = (phrase_similarity(c.outcome, outcome), phrase_similarity(c.intervention, intervention), -i)
        if best is None or key > best:
            best, chosen = key, c
    return chosen


def predict_direction(pipeline: Pipeline, evidence: str, outcome: str, intervention: str | None,
                      comparator: str | None = None) -> tuple[str, str]:
    """(label or ``none``, how it was decided): the direction of the claim ``claimx check`` reports for the
    evidence text whose outcome matches the prompt's outcome (``claim``), else of its first claim
    (``first claim``). Nothing but the claims is read: the prompt's arm names and the text's statistics
    count only through what the claims say. ``comparator`` is accepted for the data set's shape, unused."""
    del comparator
    result = _check(pipeline, evidence, "<evidence>")
    claim = best_claim(result.claims, outcome, intervention)
    via = "claim"
    if claim is None and result.claims:
        claim, via = result.claims[0], "first claim"
    if claim is not None and claim.direction in DIRECTION_TO_LABEL:
        return DIRECTION_TO_LABEL[claim.direction], via
    return NO_PREDICTION, NO_PREDICTION


def evaluate_evidence(path: Path, pipeline: Pipeline | None = None, limit: int | None = None,
                      progress: Progress | None = None) -> DirectionReport:
    t0 = time.perf_counter()
    pipeline = pipeline or default_pipeline()
    rows = [r for r in _read_jsonl(path, limit) if r.get("label") in EVIDENCE_LABELS]
    pairs: list[tuple[str, str]] = []
    via_counts: dict[str, list[int]] = {}
    for i, r in enumerate(rows, 1):
        pred, via = predict_direction(pipeline, str(r.get("evidence") or ""), str(r.get("outcome") or ""),
                                      r.get("intervention"), r.get("comparator"))
        pairs.append((r["label"], pred))
        acc = via_counts.setdefault(via, [0, 0])
        acc[0] += pred == r["label"]
        acc[1] += 1
        if progress and i % 1000 == 0:
            progress(f"evidence: {i}/{len(rows)} rows, {time.perf_counter() - t0:.1f} s")
    return DirectionReport(Classification.from_pairs(EVIDENCE_LABELS, pairs),
                           {k: Accuracy(*v) for k, v in via_counts.items()}, time.perf_counter() - t0)


def evaluate_strength(path: Path, pipeline: Pipeline | None = None, limit: int | None = None) -> StrengthReport:
    t0 = time.perf_counter()
    pipeline = pipeline or default_pipeline()
    pairs: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sample(list(csv.DictReader(fh)), limit)
    for row in rows:
        gold = str(row.get("label", "")).strip()
        if gold not in STRENGTH_LABELS:
            continue
        result = _check(pipeline, str(row.get("sentence") or ""), "<sentence>")
        pred = STRENGTH_TO_LABEL.get(result.claims[0].strength, NO_PREDICTION) if result.claims else "0"
        pairs.append((gold, pred))
    return StrengthReport(Classification.from_pairs(STRENGTH_LABELS, pairs), time.perf_counter() - t0)


def _cue_type(cue: Any) -> str:
    raw = str(cue.get("type") or "untyped") if isinstance(cue, dict) else "untyped"
    end = len(raw)  # trailing whitespace and underscores off (a "[\s_]+$" search is quadratic on long runs)
    while end and (raw[end - 1].isspace() or raw[end - 1] == "_"):
        end -= 1
    return raw[:end] or "untyped"


def evaluate_hedge(path: Path, pipeline: Pipeline | None = None, limit: int | None = None,
                   progress: Progress | None = None) -> HedgeReport:
    t0 = time.perf_counter()
    pipeline = pipeline or default_pipeline()
    tp = fp = fn = tn = 0
    per_type: dict[str, list[int]] = {}
    rows = _read_jsonl(path, limit)
    for i, r in enumerate(rows, 1):
        cues = r.get("cues") or []
        gold = bool(cues)
        result = _check(pipeline, str(r.get("sentence") or ""), "<sentence>")
        pred = any(bool(c) for c in result.sentence_cues)
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        tn += not gold and not pred
        for t in sorted({_cue_type(c) for c in cues}):
            acc = per_type.setdefault(t, [0, 0])
            acc[0] += pred
            acc[1] += 1
        if progress and i % 2000 == 0:
            progress(f"hedge: {i}/{len(rows)} sentences, {time.perf_counter() - t0:.1f} s")
    return HedgeReport(PRF(tp, fp, fn), tn, {k: Accuracy(*v) for k, v in per_type.items()},
                       time.perf_counter() - t0)


# --------------------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------------------


def resolve_shared(shared: Path | None) -> Path | None:
    """The folder that holds ``segmentation/``, ``evidence_inference/``...: ``shared`` itself, or its
    ``data/`` sub-folder when ``shared`` is the root of the shared folder."""
    if shared is None:
        return None
    if not (shared / "segmentation").exists() and (shared / "data").is_dir():
        return shared / "data"
    return shared


def parse_only(only: str | Sequence[str] | None) -> tuple[str, ...]:
    """Validate part names ("corpus,strength" or a sequence); raise ValueError on an unknown one."""
    if not only:
        return ()
    items = only.split(",") if isinstance(only, str) else [x for part in only for x in part.split(",")]
    names = tuple(dict.fromkeys(x.strip().lower() for x in items if x.strip()))
    unknown = [n for n in names if n not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    return names


def run_eval(shared: Path | None, corpus: Path, only: Sequence[str] = (), *, pipeline: Pipeline | None = None,
             limit: int | None = None, progress: Progress | None = None) -> EvalReport:
    """Run the selected parts (all when ``only`` is empty). ``shared`` is the shared data folder (or None);
    a data set that is absent is skipped with a notice. ``limit`` takes only that many evenly spaced rows of
    each shared data set except the (tiny) golden rules, for quick checks."""
    wanted = parse_only(only) or PARTS
    report = EvalReport()
    data = resolve_shared(shared)
    say = progress or (lambda _msg: None)
    if "corpus" in wanted:
        say("corpus ...")
        report.corpus = evaluate_corpus(corpus, pipeline, report.notices)
    specs: list[tuple[str, str]] = [("segmentation", SEGMENTATION_FILE), ("evidence", EVIDENCE_FILE),
                                    ("strength", STRENGTH_FILE), ("hedge", HEDGE_FILE)]
    if "annotated" in wanted:
        folder = data / ANNOTATED_DIR if data is not None else None
        if folder is None or not folder.is_dir():
            report.notices.append(f"annotated: skipped, <shared>/{ANNOTATED_DIR} is absent")
        else:
            say("annotated ...")
            report.annotated = evaluate_corpus(folder, pipeline, report.notices)
    specs += [("statements", STATEMENTS_FILE), ("releases", RELEASES_FILE)]
    for name, rel in specs:
        if name not in wanted:
            continue
        path = data / rel if data is not None else None
        if path is None or not path.is_file():
            where = f"{data}/{rel}" if data is not None else f"<shared>/{rel} (no shared folder given)"
            report.notices.append(f"{name}: skipped, {where} is absent")
            continue
        say(f"{name} ...")
        try:
            if name == "segmentation":
                report.segmentation = evaluate_segmentation(path)
            elif name == "evidence":
                report.evidence = evaluate_evidence(path, pipeline, limit, progress)
            elif name == "strength":
                report.strength = evaluate_strength(path, pipeline, limit)
            elif name == "statements":
                report.statements = evaluate_statements(path, pipeline, limit)
            elif name == "releases":
                report.releases = evaluate_releases(path, data / RELEASES_DIR, pipeline, limit)
            else:
                report.hedge = evaluate_hedge(path, pipeline, limit, progress)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            report.notices.append(f"{name}: skipped, cannot read {path}: {exc}")
    return report


# --------------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------------


def report_dict(report: EvalReport, timings: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"notices": list(report.notices)}
    for name in PARTS:
        part = getattr(report, name)
        out[name] = part.to_dict() if part is not None else None
    if timings:
        out["elapsed_seconds"] = report.elapsed()
    return out


def report_json(report: EvalReport, timings: bool = False) -> str:
    """The report as JSON: sorted keys, floats rounded to 4 places; without timings (the default) the same
    claimx on the same data gives byte-identical output."""
    return json.dumps(report_dict(report, timings), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _prf_rows(name: str, prf: PRF | PairPRF, what: str) -> list[tuple[str, str, str]]:
    hit_p, hit_r = (prf.right, prf.found) if isinstance(prf, PairPRF) else (prf.tp, prf.tp)
    return [
        (f"{name} precision", _f(prf.precision), f"{hit_p}/{prf.n_pred} predicted {what}"),
        (f"{name} recall", _f(prf.recall), f"{hit_r}/{prf.n_gold} gold {what}"),
        (f"{name} F1", _f(prf.f1), f"{prf.n_pred} pred., {prf.n_gold} gold"),
    ]


def _acc_row(name: str, acc: Accuracy, what: str) -> tuple[str, str, str]:
    return (name, _f(acc.value), f"{acc.correct}/{acc.total} {what}")


def _confusion_table(title: str, result: Classification, names: dict[str, str] | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("gold \\ predicted")
    has_none = any(result.confusion[g][NO_PREDICTION] for g in result.labels)
    columns = (*result.labels, NO_PREDICTION) if has_none else result.labels
    for c in columns:
        table.add_column((names or {}).get(c, c), justify="right")
    table.add_column("n", justify="right")
    for g in result.labels:
        row = result.confusion[g]
        table.add_row((names or {}).get(g, g), *(str(row[c]) for c in columns), str(sum(row.values())))
    return table


def report_rows(report: EvalReport) -> list[tuple[str, str, str, str, str]]:
    """(part, metric, value, sample, anchor) rows of the summary table."""
    rows: list[tuple[str, str, str, str, str]] = []

    def add(part: str, items: Iterable[tuple[str, str, str]], anchor: str = "") -> None:
        for metric, value, n in items:
            rows.append((part, metric, value, n, anchor))

    for c, label in ((report.corpus, "corpus"), (report.annotated, "InSciOut annotated releases")):
        if c is None:
            continue
        part = f"{label} ({len(c.articles)} articles)"
        add(part, _prf_rows("claim-sentence", c.sentences, "sent."))
        add(part, _prf_rows("claim", c.claims, "claims"))
        for name in CORPUS_FIELDS:
            label = "intervention+outcome+direction" if name == "triple" else name
            add(part, [_acc_row(f"{label} accuracy", c.fields.get(name, Accuracy(0, 0)), "matched")])
        add(part, _prf_rows("unsupported-flag", c.unsupported, "flags"))
        add(part, _prf_rows("overclaim-flag (CX301)", c.overclaim, "flags"))
        add(part, _prf_rows("contradiction", c.contradictions, "pairs")[:2])
        add(part, [_acc_row("canonical-source link accuracy", c.canonical, "gold sources")])
        add(part, [_acc_row("non-claims tagged (lower is better)", c.non_claims_tagged,
                            "gold non-claims")])
    for st_report, label in ((report.statements, "InSciOut statements"), (report.releases, "InSciOut releases")):
        if st_report is None:
            continue
        for key, (ok, n) in sorted(st_report.counts.items()):
            rows.append((label, key.replace("_", " "), _f(ok / n if n else None), f"{ok}/{n}", ""))
        for key, value in sorted(st_report.figures.items()):
            rows.append((label, key.replace("_", " "), f"{value:.2f}", "", ""))
    s = report.segmentation
    if s is not None:
        rows.append(("sentence splitting", "golden rules passed (pySBD's 48)", f"{s.passed_48}/{s.total_48}",
                     f"{s.total_48} rules", "pySBD 47/48"))
        rows.append(("sentence splitting", "golden rules passed (all)", f"{s.passed_all}/{s.total_all}",
                     f"{s.total_all} rules", ""))
    e = report.evidence
    if e is not None:
        r = e.result
        part = "direction (Evidence Inference)"
        rows.append((part, "macro-F1", _f(r.macro_f1), f"{r.n} prompts", ANCHOR_SHORT["evidence"]))
        add(part, [_acc_row("accuracy", r.accuracy, "prompts"), _acc_row("coverage", r.coverage, "prompts")])
        for via in ("claim", "first claim"):
            if via in e.via:
                add(part, [_acc_row(f"accuracy, decided by {via}", e.via[via], "prompts")])
    st = report.strength
    if st is not None:
        r = st.result
        part = "strength (Yu 2019)"
        rows.append((part, "macro-F1", _f(r.macro_f1), f"{r.n} sentences", ANCHOR_SHORT["strength"]))
        add(part, [_acc_row("accuracy", r.accuracy, "sentences")])
        for lab, prf in r.per_class().items():
            rows.append((part, f"{lab} {STRENGTH_NAMES[lab]} P/R/F1",
                         f"{_f(prf.precision)}/{_f(prf.recall)}/{_f(prf.f1)}",
                         f"{prf.n_pred} pred., {prf.n_gold} gold", ""))
    h = report.hedge
    if h is not None:
        part = "hedge cues (Szeged wiki)"
        add(part, _prf_rows("uncertain-sentence", h.sentences, "sent."))
        add(part, [_acc_row("accuracy", Accuracy(h.sentences.tp + h.tn, h.n), "sentences")])
        for t, acc in sorted(h.per_type_recall.items()):
            add(part, [_acc_row(f"recall, {t.removeprefix('speculation_')} cues", acc, "sentences")])
    return rows


def report_table(report: EvalReport, timings: bool = True) -> Group:
    """A rich renderable: the summary table (one section per part), the confusion matrices, elapsed times and
    the notices."""
    table = Table(title="claimx eval", title_justify="left")
    table.add_column("metric", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("sample")
    table.add_column("published")
    previous = None
    for part, metric, value, n, anchor in report_rows(report):
        if part != previous:
            if previous is not None:
                table.add_section()
            table.add_row(f"[bold]{part}[/bold]", "", "", "")
            previous = part
        table.add_row(f"  {metric}", value, n, anchor)
    items: list[Any] = [table]
    if report.evidence is not None:
        items.append(_confusion_table("direction: confusion matrix", report.evidence.result, EVIDENCE_SHORT))
    if report.strength is not None:
        items.append(_confusion_table("strength: confusion matrix", report.strength.result,
                                      STRENGTH_SHORT))
    if timings and report.elapsed():
        items.append("elapsed: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.elapsed().items()))
    items.extend(f"note: {n}" for n in report.notices)
    return Group(*items)


def report_text(report: EvalReport, width: int = 140, timings: bool = True) -> str:
    """The table rendered to plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, no_color=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(report_table(report, timings))
    return console.export_text()


# --------------------------------------------------------------------------------------------------------
# Command
# --------------------------------------------------------------------------------------------------------


def default_shared() -> Path:
    env = os.environ.get("CLAIMX_SHARED")
    return Path(env) if env else Path("..") / "shared" / "data"


def default_corpus() -> Path:
    try:
        from claimx.paths import models_dir

        repo = models_dir().parent / "corpus"
        if repo.is_dir():
            return repo
    except FileNotFoundError:
        pass
    return Path("corpus")


def eval_command(
    shared: Annotated[Path | None, typer.Option(
        help="Folder of the shared data sets (default: $CLAIMX_SHARED, else ../shared/data).")] = None,
    corpus: Annotated[Path | None, typer.Option(
        help="Folder of the annotated corpus (*.gold.json + articles; default: the repository's corpus/).")] = None,
    json_file: Annotated[Path | None, typer.Option(
        "--json", help="Also write the report as JSON to this file ('-': standard output, no table).")] = None,
    only: Annotated[str | None, typer.Option(
        help=f"Comma-separated parts to run: {','.join(PARTS)} (default: all).")] = None,
    limit: Annotated[int | None, typer.Option(
        help="Use only N evenly spaced rows of each shared data set (quick check).", min=1)] = None,
) -> None:
    """Measure claimx's accuracy on the annotated corpus and the public data sets."""
    try:
        parts = parse_only(only)
    except ValueError as exc:
        sys.stderr.write(f"claimx: {exc}\n")
        raise typer.Exit(2) from None
    corpus_dir = corpus or default_corpus()
    if (not parts or "corpus" in parts) and not corpus_dir.is_dir():
        if corpus is None:  # an installed wheel: the annotated corpus ships only with the source repository
            sys.stderr.write(f"claimx: the annotated corpus is not installed (looked in {corpus_dir}); it comes "
                             "with claimx's source repository: give its folder with --corpus, or run other parts "
                             "with --only\n")
        else:
            sys.stderr.write(f"claimx: corpus folder {corpus_dir} not found (use --corpus)\n")
        raise typer.Exit(2)
    to_stdout = json_file is not None and str(json_file) == "-"

    def progress(msg: str) -> None:
        sys.stderr.write(f"claimx eval: {msg}\n")
        sys.stderr.flush()

    report = run_eval(shared or default_shared(), corpus_dir, parts, limit=limit, progress=progress)
    if json_file is not None:
        text = report_json(report)
        if to_stdout:
            sys.stdout.write(text)
        else:
            json_file.write_text(text, encoding="utf-8")
    if not to_stdout:
        from rich.console import Console

        Console().print(report_table(report))
