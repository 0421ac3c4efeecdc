"""Tests for claimx/evaluate.py: matching, metrics, the corpus part on synthetic gold files, the shared parts
(skipped when ../shared is absent) and the eval command."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimx.evaluate import (
    PARTS,
    PRF,
    Accuracy,
    Classification,
    GoldClaim,
    GoldSource,
    PairPRF,
    best_claim,
    canonical_found,
    eval_command,
    evaluate_corpus,
    match_claims,
    match_sentences,
    parse_only,
    phrases_match,
    report_json,
    report_text,
    resolve_shared,
    run_eval,
    sample,
    sentence_score,
)
from claimx.records import Claim, Contradiction, DocumentResult, SourceMention

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

S1 = "Drug A lowered blood pressure and raised exercise capacity in the trial [1]."
S2 = "Drug A did not change heart rate in the trial."
S3 = "Ask your doctor before starting drug A."


def claim(cid: str, sentence: str, outcome: str, direction: str = "decrease", intervention: str | None = "Drug A",
          index: int = 0, **kw) -> Claim:
    return Claim(id=cid, sentence_index=index, sentence=sentence, start=0, end=len(sentence),
                 intervention=intervention, outcome=outcome, direction=direction, **kw)  # type: ignore[arg-type]


def gold(cid: str, sentence: str, outcome: str, direction: str = "decrease", intervention: str | None = "Drug A",
         **kw) -> GoldClaim:
    return GoldClaim(id=cid, sentence=sentence, intervention=intervention, outcome=outcome, direction=direction,
                     **kw)


# --------------------------------------------------------------------------------------------------------
# matching


def test_sentence_score_normalises_whitespace_and_accepts_containment() -> None:
    assert sentence_score("Drug A  lowered\nblood pressure.", "Drug A lowered blood pressure.") == 100
    assert sentence_score("Results: Drug A lowered blood pressure in adults over sixty years of age.",
                          "Drug A lowered blood pressure in adults over sixty years of age.") is not None
    assert sentence_score("Drug A lowered blood pressure.", "Drug B raised cholesterol levels.") is None


def test_phrases_match() -> None:
    assert phrases_match("vitamin D", "Vitamin D supplements")  # containment, case-insensitive
    assert phrases_match("risk of hip fracture", "hip fracture risk")  # token set
    assert phrases_match("hip fractures", "total fractures")  # lenient: a shared head word is enough
    assert not phrases_match("sleep onset", "night waking")
    assert not phrases_match(None, "vitamin D")


def test_match_claims_uses_outcome_within_a_sentence_and_is_one_to_one() -> None:
    golds = [gold("c1", S1, "blood pressure"), gold("c2", S1, "exercise capacity", "increase"),
             gold("c3", S2, "heart rate", "no_change")]
    preds = [claim("p1", S1, "exercise capacity", "increase"), claim("p2", S1, "blood pressure"),
             claim("p3", S1, "blood pressure"), claim("p4", S3, "doctor")]
    matches = match_claims(golds, preds)
    assert [(m.gold, m.pred) for m in matches] == [(0, 1), (1, 0)]  # p3 is a duplicate: unmatched
    assert matches[0].outcome_score == 100


def test_match_claims_breaks_outcome_ties_by_intervention() -> None:
    golds = [gold("c1", S1, "blood pressure", intervention="placebo"), gold("c2", S1, "blood pressure")]
    preds = [claim("p1", S1, "blood pressure")]
    assert [(m.gold, m.pred) for m in match_claims(golds, preds)] == [(1, 0)]


def test_match_sentences_one_to_one() -> None:
    assert match_sentences([S1, S3], [S1, S2]) == [(0, 0)]
    # one merged predicted sentence contains two gold sentences but matches only one of them
    assert len(match_sentences([S1 + " " + S2], [S1, S2])) == 1


def test_best_claim_prefers_outcome_then_intervention() -> None:
    claims = [claim("p1", S1, "blood pressure", intervention="placebo"), claim("p2", S1, "blood pressure"),
              claim("p3", S1, "exercise capacity")]
    chosen = best_claim(claims, "systolic blood pressure", "drug A")
    assert chosen is not None and chosen.id == "p2"
    assert best_claim(claims, "mortality", "drug A") is None


def test_canonical_found_by_kind_and_fuzzy_name() -> None:
    pred = claim("p1", S1, "blood pressure",
                 sources=(SourceMention("The Lancet", 0, 10, "journal", canonical="The Lancet"),))
    assert canonical_found(GoldSource("The Lancet", "journal", "The Lancet"), pred)
    assert canonical_found(GoldSource("Lancet", "journal", "Lancet"), pred)
    assert not canonical_found(GoldSource("The Lancet", "publisher", "The Lancet"), pred)
    assert not canonical_found(GoldSource("BMJ", "journal", "The BMJ"), pred)


# --------------------------------------------------------------------------------------------------------
# metric records


def test_prf_and_accuracy() -> None:
    p = PRF(tp=2, fp=1, fn=2)
    assert p.precision == pytest.approx(2 / 3) and p.recall == pytest.approx(0.5)
    assert p.f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))
    assert PRF(0, 0, 3).precision is None and PRF(0, 0, 3).f1 == 0.0
    assert PRF(0, 0, 0).f1 is None
    assert Accuracy(3, 4).value == 0.75 and Accuracy(0, 0).value is None
    assert PairPRF(right=1, wrong=1, found=1, missed=2).recall == pytest.approx(1 / 3)


def test_classification_macro_f1_counts_no_prediction_as_wrong() -> None:
    labels = ("a", "b")
    pairs = [("a", "a"), ("a", "none"), ("b", "b"), ("b", "a")]
    c = Classification.from_pairs(labels, pairs)
    assert c.n == 4
    assert c.accuracy.value == 0.5 and c.coverage.value == 0.75
    per = c.per_class()
    assert (per["a"].tp, per["a"].fp, per["a"].fn) == (1, 1, 1)
    assert (per["b"].tp, per["b"].fp, per["b"].fn) == (1, 0, 1)
    assert c.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)
    assert c.confusion["a"]["none"] == 1


def test_sample_is_evenly_spaced() -> None:
    assert sample(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert sample([1, 2], 5) == [1, 2]
    assert sample([1, 2], None) == [1, 2]


def test_parse_only() -> None:
    assert parse_only("corpus, Strength") == ("corpus", "strength")
    assert parse_only(["corpus,hedge", "evidence"]) == ("corpus", "hedge", "evidence")
    assert parse_only(None) == ()
    with pytest.raises(ValueError, match="unknown part"):
        parse_only("corpus,speed")


def test_resolve_shared(tmp_path: Path) -> None:
    (tmp_path / "data" / "segmentation").mkdir(parents=True)
    assert resolve_shared(tmp_path) == tmp_path / "data"
    assert resolve_shared(tmp_path / "data") == tmp_path / "data"
    assert resolve_shared(None) is None


# --------------------------------------------------------------------------------------------------------
# corpus part on a synthetic article (a fake pipeline returns fixed predictions)

GOLD_CLAIMS = [
    {"id": "c1", "sentence": S1, "intervention": "Drug A", "intervention_source": "sentence",
     "outcome": "blood pressure", "direction": "decrease", "hedged": False, "negated": False,
     "strength": "direct_causal", "evidence": "rct", "support": "cited",
     "sources": [{"mention": "[1]", "kind": "citation", "canonical": None},
                 {"mention": "The Lancet", "kind": "journal", "canonical": "The Lancet"}],
     "unsupported": False},
    {"id": "c2", "sentence": S1, "intervention": "Drug A", "intervention_source": "sentence",
     "outcome": "exercise capacity", "direction": "increase", "hedged": False, "negated": False,
     "strength": "direct_causal", "evidence": "rct", "support": "cited", "sources": [], "unsupported": False},
    {"id": "c3", "sentence": S2, "intervention": "Drug A", "intervention_source": "sentence",
     "outcome": "heart rate", "direction": "no_change", "hedged": False, "negated": True,
     "strength": "direct_causal", "evidence": "rct", "support": "none", "sources": [], "unsupported": True},
]


def perfect_claims() -> list[Claim]:
    lancet = SourceMention("The Lancet", 0, 10, "journal", canonical="The Lancet")
    return [
        claim("c1", S1, "blood pressure", evidence="rct", support="cited", sources=(lancet,)),
        claim("c2", S1, "exercise capacity", "increase", evidence="rct", support="cited"),
        claim("c3", S2, "heart rate", "no_change", index=1, negated=True, evidence="rct"),
    ]


class FakePipeline:
    def __init__(self, results: dict[str, DocumentResult | Exception]) -> None:
        self.results = results

    def check_path(self, path: Path) -> DocumentResult:
        r = self.results[path.name]
        if isinstance(r, Exception):
            raise r
        return r


def write_corpus(folder: Path, name: str = "article.txt", claims=GOLD_CLAIMS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{S1} {S2}\n\n{S3}\n", encoding="utf-8")
    (folder / (name.rsplit(".", 1)[0] + ".gold.json")).write_text(json.dumps({
        "article": name, "format": "text", "style": "test", "topic": "test", "main_intervention": "Drug A",
        "claims": claims, "contradictions": [["c2", "c3"]], "non_claims": [S3],
    }), encoding="utf-8")
    return folder


def test_corpus_perfect_prediction(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    result = DocumentResult(path="article.txt", claims=tuple(perfect_claims()),
                            contradictions=(Contradiction(("c3", "c2"), "test"),))
    report = evaluate_corpus(corpus, FakePipeline({"article.txt": result}))  # type: ignore[arg-type]
    assert report.claims.f1 == 1.0 and report.claims.n_gold == 3 and report.claims.n_pred == 3
    assert report.sentences.f1 == 1.0 and report.sentences.n_gold == 2
    assert all(acc.value == 1.0 and acc.total == 3 for acc in report.fields.values())
    assert report.unsupported.f1 == 1.0 and report.unsupported.n_gold == 1
    assert report.contradictions.precision == 1.0 and report.contradictions.recall == 1.0
    assert (report.canonical.correct, report.canonical.total) == (1, 1)
    assert (report.non_claims_tagged.correct, report.non_claims_tagged.total) == (0, 1)
    assert report.articles[0].claims.f1 == 1.0 and not report.errors


def test_corpus_known_mismatch(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    preds = (
        claim("p1", S1, "exercise capacity", "increase", evidence="rct", support="cited"),
        claim("p2", S1, "blood pressure", "increase", evidence="unknown", support="vague"),  # wrong direction
        claim("p3", S3, "doctor", index=2),  # a non-claim
    )
    result = DocumentResult(path="article.txt", claims=preds, contradictions=(Contradiction(("p1", "p2"), "x"),))
    report = evaluate_corpus(corpus, FakePipeline({"article.txt": result}))  # type: ignore[arg-type]
    assert report.claims.precision == pytest.approx(2 / 3) and report.claims.recall == pytest.approx(2 / 3)
    assert report.sentences.precision == 0.5 and report.sentences.recall == 0.5
    assert report.fields["direction"].value == 0.5 and report.fields["direction"].total == 2
    assert report.fields["triple"].value == 0.5
    assert report.fields["evidence"].value == 0.5 and report.fields["support"].value == 0.5
    # unsupported over matched pairs: p2 is predicted unsupported, its gold c1 is cited
    assert (report.unsupported.tp, report.unsupported.fp, report.unsupported.fn) == (0, 1, 0)
    # predicted pair (p1, p2) maps to (c2, c1): not a gold pair; gold pair (c2, c3) is not found
    assert report.contradictions.precision == 0.0 and report.contradictions.recall == 0.0
    assert (report.canonical.correct, report.canonical.total) == (0, 1)
    assert report.non_claims_tagged.value == 1.0


def test_corpus_article_failure_counts_as_no_prediction(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    notices: list[str] = []
    report = evaluate_corpus(corpus, FakePipeline({"article.txt": RuntimeError("boom")}),  # type: ignore[arg-type]
                             notices)
    assert report.claims.recall == 0.0 and report.claims.n_gold == 3
    assert report.errors and "boom" in report.errors[0]
    assert any("boom" in n for n in notices)


def test_corpus_without_gold_files(tmp_path: Path) -> None:
    notices: list[str] = []
    report = evaluate_corpus(tmp_path, FakePipeline({}), notices)  # type: ignore[arg-type]
    assert report.articles == [] and report.claims.f1 is None
    assert notices and "no *.gold.json" in notices[0]


def test_corpus_with_the_real_pipeline(tmp_path: Path, pipeline) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    report = evaluate_corpus(corpus, pipeline)
    assert report.claims.n_gold == 3 and not report.errors
    for value in (report.claims.precision, report.claims.recall, report.sentences.f1):
        assert value is None or 0.0 <= value <= 1.0


# --------------------------------------------------------------------------------------------------------
# run_eval, renderers, command


def test_run_eval_without_shared_runs_the_corpus_only(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    result = DocumentResult(path="article.txt", claims=tuple(perfect_claims()))
    report = run_eval(None, corpus, pipeline=FakePipeline({"article.txt": result}))  # type: ignore[arg-type]
    assert report.corpus is not None and report.corpus.claims.f1 == 1.0
    assert report.segmentation is None and report.evidence is None
    assert len([n for n in report.notices if "skipped" in n]) == len(PARTS) - 1
    only = run_eval(tmp_path / "nowhere", corpus, ("segmentation",))
    assert only.corpus is None and only.segmentation is None and "segmentation: skipped" in only.notices[0]


def test_report_json_is_deterministic_and_complete(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    result = DocumentResult(path="article.txt", claims=tuple(perfect_claims()))
    fake = FakePipeline({"article.txt": result})
    a = report_json(run_eval(None, corpus, pipeline=fake))  # type: ignore[arg-type]
    b = report_json(run_eval(None, corpus, pipeline=fake))  # type: ignore[arg-type]
    assert a == b
    data = json.loads(a)
    assert set(data) == {*PARTS, "notices"}
    assert data["corpus"]["claims"]["f1"] == 1.0 and data["corpus"]["claims"]["n_gold"] == 3
    assert data["corpus"]["articles"]["article.txt"]["claims"]["recall"] == 1.0
    assert data["corpus"]["matched"]["direction"] == {"correct": 3, "n": 3, "value": 1.0}
    assert list(data) == sorted(data)
    text = report_text(run_eval(None, corpus, pipeline=fake))  # type: ignore[arg-type]
    assert "claim F1" in text and "3 pred., 3 gold" in text


def test_eval_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = typer.Typer()
    app.command("eval")(eval_command)

    @app.command()
    def other() -> None:  # a second command, so that "eval" is a sub-command as in the real CLI
        pass

    monkeypatch.setenv("CLAIMX_SHARED", str(tmp_path / "no-shared"))
    out = tmp_path / "report.json"
    run = CliRunner().invoke(app, ["eval", "--corpus", str(corpus), "--json", str(out)])
    assert run.exit_code == 0, run.output
    assert "claim F1" in run.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["corpus"]["claims"]["n_gold"] == 3
    assert any("no-shared" in n for n in data["notices"])
    bad = CliRunner().invoke(app, ["eval", "--only", "corpus,speed"])
    assert bad.exit_code == 2


# --------------------------------------------------------------------------------------------------------
# shared data sets (skipped when ../shared is absent)


def test_shared_parts_skip_cleanly_when_absent(tmp_path: Path) -> None:
    report = run_eval(tmp_path / "absent", tmp_path, ("evidence", "strength", "hedge", "segmentation"))
    assert [n.split(":")[0] for n in report.notices] == ["segmentation", "evidence", "strength", "hedge"]


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared is absent")
def test_shared_parts_quick_run(tmp_path: Path, pipeline) -> None:
    report = run_eval(SHARED_DATA, tmp_path, ("segmentation", "evidence", "strength", "hedge"),
                      pipeline=pipeline, limit=50)
    assert report.segmentation is not None and report.segmentation.total_48 == 48
    assert 0 <= report.segmentation.passed_48 <= 48
    for part in (report.evidence, report.strength):
        assert part is not None and part.result.n == 50
        assert 0.0 <= (part.result.macro_f1 or 0.0) <= 1.0
        assert 0.0 <= (part.result.accuracy.value or 0.0) <= 1.0
    assert report.evidence is not None and 0.0 <= (report.evidence.result.coverage.value or 0.0) <= 1.0
    assert report.hedge is not None and report.hedge.n == 50
    f1 = report.hedge.sentences.f1
    assert f1 is None or 0.0 <= f1 <= 1.0
    json.loads(report_json(report))


def test_gold_claim_from_json_defaults() -> None:
    g = GoldClaim.from_json({"id": "c1", "sentence": S1, "outcome": "blood pressure", "direction": "decrease",
                             "support": "cited"})
    assert g.unsupported is False and g.sources == ()
    assert replace(g, support="vague").support == "vague"
