"""The shipped JSON Schema describes every JSON output: --format json, jsonl, --sentences, --statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.render import SCHEMA_VERSION

jsonschema = pytest.importorskip("jsonschema")
runner = CliRunner()
ARTICLE = (
    "# Magnesium\n\n"
    "Magnesium supplements improve sleep quality in older adults [1], with a hazard ratio of 0.72 "
    "(95% CI 0.61-0.85).\n\n"
    "Research suggests that magnesium may reduce anxiety, according to the World Health Organization.\n\n"
    "In a later trial, magnesium did not improve sleep quality.\n\n"
    "Tea is popular [4].\n\n"
    "<!-- claimx-ignore CX999: no such code -->\n"
    "## References\n\n"
    "1. Doe J. Magnesium and sleep. BMJ. 2020. doi:10.1136/bmj.m1234\n"
)


@pytest.fixture(scope="module")
def validator():
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$defs"]["report"]["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    a = tmp_path / "a.md"
    a.write_text(ARTICLE, encoding="utf-8")
    b = tmp_path / "b.html"
    b.write_text("<html><body><p>Zinc lozenges shorten colds.</p></body></html>", encoding="utf-8")
    return [str(a), str(b), str(tmp_path / "missing.txt")]


def check(*args: str) -> str:
    res = runner.invoke(app, ["check", *args, "--isolated"])
    assert res.exit_code == 2  # the missing file
    return res.stdout


@pytest.mark.parametrize("extra", [(), ("--sentences",)])
def test_json_validates(validator, files, extra):
    data = json.loads(check(*files, "--format", "json", *extra))
    validator.validate(data)
    kinds = {f["code"] for d in data["documents"] for f in d["findings"]}
    assert {"CX201", "CX401", "CX902"} <= kinds  # findings with and without claims are covered
    assert any(c["statistics"] for d in data["documents"] for c in d["claims"])


@pytest.mark.parametrize("extra", [(), ("--sentences",)])
def test_jsonl_lines_validate(validator, files, extra):
    lines = check(*files, "--format", "jsonl", *extra).splitlines()
    assert len(lines) == 3
    for line in lines:
        validator.validate(json.loads(line))


def test_statistics_json_validates(validator, files):
    data = json.loads(check(*files, "--format", "json", "--statistics"))
    validator.validate(data)
    assert {s["code"] for s in data["statistics"]} >= {"CX101", "CX201"}


def test_schema_rejects_a_broken_document(validator, files):
    data = json.loads(check(*files, "--format", "json"))
    data["documents"][0]["claims"][0]["support"] = "sort of"
    assert not validator.is_valid(data)
    del data["documents"][0]["claims"][0]["support"]
    assert not validator.is_valid(data)


def test_docs_and_schema_agree_on_the_sources_contract():
    import re

    from conftest import ROOT

    from claimx.output import json_schema

    full = json.loads(json_schema())
    assert f"schema_version {SCHEMA_VERSION}" in full["title"] and f"report-{SCHEMA_VERSION}." in full["$id"]
    schema = full["$defs"]
    text = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")
    listed = re.search(r"Source `kind` is one of (.*?)\.\n", text, re.S)
    assert listed
    kinds = set(re.findall(r"`(\w+)`", listed.group(1)))
    assert {"person", "pmcid", "registration"} <= kinds
    assert kinds == set(schema["source"]["properties"]["kind"]["enum"])
    assert kinds == set(schema["document_source"]["properties"]["kind"]["enum"])
    inventory = set(schema["document_source"]["required"])
    assert inventory == set(schema["source"]["required"]) | {"line", "column", "claims"}
    assert {"in_registry", "affiliation", "role"} <= set(schema["source"]["required"])
    assert "support_via" in schema["claim"]["required"]
    # the documented example of documents[].sources shows exactly the schema's fields
    example = re.search(r'"sources": \[ +// every source the document names(.*?)\n      \],', text, re.S)
    assert example
    first = re.search(r"\{(.*?)\}", example.group(1), re.S)
    assert set(re.findall(r'"(\w+)":', first.group(1))) == inventory
    assert f'"schema_version": {SCHEMA_VERSION},' in text and re.search(rf"^\| {SCHEMA_VERSION} \|", text, re.M)
