"""Regression floors: the corpus evaluation and the golden-rules count must not fall below the values in
``tests/floors.json``. Floors only move up (see the file's ``_comment``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimx.evaluate import CorpusReport, evaluate_corpus, evaluate_segmentation

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text(encoding="utf-8"))
GOLDEN_RULES = ROOT.parent / "shared" / "data" / "segmentation" / "golden_rules_en.json"


@pytest.fixture(scope="module")
def corpus_report(pipeline) -> CorpusReport:
    return evaluate_corpus(ROOT / "corpus", pipeline)


def test_floor_names_are_known(corpus_report: CorpusReport) -> None:
    known = set(corpus_report.metrics())
    assert set(FLOORS["corpus"]) <= known
    assert set(FLOORS["corpus_max"]) <= known
    assert set(FLOORS["segmentation"]) == {"in_pysbd48", "all"}


def test_corpus_has_no_errors(corpus_report: CorpusReport) -> None:
    assert corpus_report.articles, "no gold files in corpus/"
    assert not corpus_report.errors


@pytest.mark.parametrize("name", sorted(FLOORS["corpus"]))
def test_corpus_floor(corpus_report: CorpusReport, name: str) -> None:
    value = corpus_report.metrics()[name]
    assert value is not None and value >= FLOORS["corpus"][name], (
        f"{name} = {value} fell below its floor {FLOORS['corpus'][name]}"
    )


@pytest.mark.parametrize("name", sorted(FLOORS["corpus_max"]))
def test_corpus_ceiling(corpus_report: CorpusReport, name: str) -> None:
    value = corpus_report.metrics()[name]
    assert value is not None and value <= FLOORS["corpus_max"][name], (
        f"{name} = {value} rose above its ceiling {FLOORS['corpus_max'][name]}"
    )


def test_golden_rules_floor() -> None:
    if not GOLDEN_RULES.is_file():
        pytest.skip(f"{GOLDEN_RULES} is absent")
    report = evaluate_segmentation(GOLDEN_RULES)
    assert report.passed_48 >= FLOORS["segmentation"]["in_pysbd48"], report.failed
    assert report.passed_all >= FLOORS["segmentation"]["all"], report.failed
