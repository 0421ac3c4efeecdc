"""Spreadsheet output: typed columns, frozen header, filters, hyperlinks, never a formula from the article."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.render import CSV_COLUMNS, CSV_FINDING_COLUMNS, CSV_SOURCE_COLUMNS

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()
ARTICLE = (
    "Magnesium reduced night waking in adults (doi:10.1136/bmj.m1234).\n\n"
    "=SUM(1,2) aside, research suggests that magnesium may improve sleep quality.\n"
)


@pytest.fixture
def workbook(tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "a.xlsx"
    res = runner.invoke(app, ["check", str(src), "--isolated", "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 1, res.stderr
    return out


def test_sheets_headers_types_and_layout(workbook: Path):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["Claims", "Findings", "Sources"]
    claims, findings = wb["Claims"], wb["Findings"]
    assert [c.value for c in claims[1]] == [*CSV_COLUMNS, "link"]
    assert [c.value for c in findings[1]] == [*CSV_FINDING_COLUMNS, "link"]
    for ws in (claims, findings):
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    header = {c.value: i for i, c in enumerate(claims[1])}
    row = [c.value for c in claims[2]]
    assert isinstance(row[header["line"]], int) and isinstance(row[header["hedged"]], bool)
    codes = [r[CSV_FINDING_COLUMNS.index("code")].value for r in findings.iter_rows(min_row=2)]
    assert "CX102" in codes


def test_no_formula_ever_and_links_are_hyperlinks(workbook: Path):
    wb = openpyxl.load_workbook(workbook)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    starting = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=SUM(1,2)")]
    assert starting and all(c.data_type == "s" for c in starting)
    with zipfile.ZipFile(workbook) as z:
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if n.endswith(".xml"))
    links = [c.hyperlink.target for c in cells if c.hyperlink is not None]
    assert "https://doi.org/10.1136/bmj.m1234" in links


def test_xlsx_is_deterministic_and_needs_a_file(tmp_path: Path, workbook: Path):
    again = tmp_path / "b.xlsx"
    runner.invoke(app, ["check", str(tmp_path / "a.txt"), "--isolated", "--format", "xlsx", "-o", str(again)])
    assert again.read_bytes() == workbook.read_bytes()
    res = runner.invoke(app, ["check", str(tmp_path / "a.txt"), "--isolated", "--format", "xlsx"])
    assert res.exit_code == 2 and "-o" in res.stderr
    assert zipfile.is_zipfile(io.BytesIO(workbook.read_bytes()))


SOURCED = ('"Most of our patients slept longer. Melatonin improves sleep onset," said Dr Aiko Tanaka of Northfield '
           "University Hospital.\n\nThe National Institutes of Health funds research on sleep.\n\n"
           "A [recent trial](https://doi.org/10.5555/abc.123) found that fasting lowered body weight.\n")


def test_sources_sheet_is_the_document_inventory_typed(tmp_path: Path):
    src = tmp_path / "a.md"
    src.write_text(SOURCED, encoding="utf-8")
    out = tmp_path / "a.xlsx"
    res = runner.invoke(app, ["check", str(src), str(tmp_path / "missing.md"), "--isolated", "--format", "xlsx",
                              "-o", str(out)])
    assert res.exit_code == 2
    doc = json.loads(runner.invoke(app, ["check", str(src), "--isolated", "--format", "json"]).stdout)[
        "documents"][0]
    ws = openpyxl.load_workbook(out)["Sources"]
    header = [c.value for c in ws[1]]
    assert header == [*CSV_SOURCE_COLUMNS, "link"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    mine = [r for r in rows if r["path"] == str(src)]
    assert [(r["kind"], r["canonical"], r["line"], r["column"], r["in_registry"], r["claims"]) for r in mine] == [
        (s["kind"], s["canonical"], s["line"], s["column"], s["in_registry"], ",".join(s["claims"]) or None)
        for s in doc["sources"]]
    assert all(isinstance(r["line"], int) for r in mine)
    nih = next(r for r in mine if r["canonical"] == "National Institutes of Health")
    nih_json = next(s for s in doc["sources"] if s["canonical"] == "National Institutes of Health")
    assert nih["in_registry"] is True and not isinstance(nih["score"], str) and nih["score"] == nih_json["score"]
    person = next(r for r in mine if r["kind"] == "person")
    assert (person["role"], person["affiliation"]) == ("Dr", "Northfield University Hospital")
    assert person["in_registry"] is None and person["score"] is None
    cells = {c.value: c for row in ws.iter_rows(min_row=2) for c in row if c.hyperlink is not None}
    assert "https://doi.org/10.5555/abc.123" in {c.hyperlink.target for c in cells.values()}
    assert [r["error"] for r in rows if r["path"].endswith("missing.md")] == ["no such file"]
