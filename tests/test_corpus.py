"""claimx corpus: claims grouped across articles, direction counts, cross-article contradictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.corpus import CorpusClaim, aggregate

runner = CliRunner()

ARTICLES = {
    "site_a.txt": "Coffee and the heart\n\nDrinking coffee lowers blood pressure in adults, according to the "
                  "American Heart Association.\n\nRegular walking improves sleep quality, the NHS says.\n",
    "site_b.txt": "What coffee does\n\nCoffee raises blood pressure, a cardiologist at the Mayo Clinic told us.\n\n"
                  "Walking every day improves sleep quality in older people.\n",
    "site_c.md": "# Green tea\n\nGreen tea lowers LDL cholesterol, the BMJ reported.\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def corpus_json(*args: str) -> dict:
    res = runner.invoke(app, ["corpus", *args, "-f", "json", "--jobs", "1"])
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def pair(data: dict, intervention: str, outcome: str) -> dict:
    (found,) = [p for p in data["pairs"] if p["intervention"] == intervention and p["outcome"] == outcome]
    return found


def test_a_planted_cross_article_contradiction_is_listed_with_both_sources(folder: Path) -> None:
    data = corpus_json(str(folder))
    assert data["articles"] == 3
    coffee = pair(data, "coffee", "blood pressure")
    assert coffee["articles"] == 2
    assert coffee["directions"] == {"increase": 1, "decrease": 1, "no_change": 0, "change": 0}
    assert coffee["contradicting_pairs"] == 1
    (x,) = coffee["contradictions"]
    sides = sorted((Path(x[k]["path"]).name, x[k]["direction"], tuple(x[k]["sources"])) for k in ("a", "b"))
    assert sides == [("site_a.txt", "decrease", ("American Heart Association",)),
                     ("site_b.txt", "increase", ("Mayo Clinic",))]
    walking = pair(data, "walking", "sleep quality")
    assert walking["directions"]["increase"] == 2 and walking["contradicting_pairs"] == 0


def test_the_jsonl_of_check_gives_the_same_aggregate_as_the_articles(folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "checked.jsonl"
    res = runner.invoke(app, ["check", str(folder), "-f", "jsonl", "-o", str(report), "--isolated", "--exit-zero"])
    assert res.exit_code == 0, res.stderr
    assert corpus_json(str(report)) == corpus_json(str(folder))


def test_min_articles_and_csv(folder: Path) -> None:
    res = runner.invoke(app, ["corpus", str(folder), "-f", "csv", "--min-articles", "2", "--jobs", "1"])
    rows = res.stdout.splitlines()
    assert rows[0].startswith("intervention,outcome,articles,increase,decrease")
    assert {r.split(",")[0] for r in rows[1:]} == {"coffee", "walking"}


def test_a_bad_report_line_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"path": "a", "claims": []}\nnot json\n', encoding="utf-8")
    res = runner.invoke(app, ["corpus", str(bad)])
    assert res.exit_code == 2 and "bad.jsonl:2" in res.stderr and "Traceback" not in res.stderr


def claim(path: str, intervention: str, outcome: str, direction: str) -> CorpusClaim:
    return CorpusClaim(path, "c1", 1, intervention, outcome, "", direction, False, "s", "none", ())


def test_names_outside_the_vocabulary_are_grouped_by_spelling() -> None:
    pairs = aggregate([claim("a", "zorbatinex", "nightly leg cramps", "decrease"),
                       claim("b", "zorbatinexx", "nightly leg cramp", "no_change"),
                       claim("c", "florimab", "nightly leg cramps", "increase")])
    grouped = [p for p in pairs if p.articles() == 2]
    assert len(grouped) == 1 and grouped[0].contradicting_pairs == 1
    assert len(pairs) == 2
