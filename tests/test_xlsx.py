"""Spreadsheet output: typed columns, frozen header, filters, hyperlinks, never a formula from the article."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.render import CSV_COLUMNS, CSV_FINDING_COLUMNS

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
    assert wb.sheetnames == ["Claims", "Findings"]
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
