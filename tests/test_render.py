from __future__ import annotations

import csv
import io
import json

from rich.console import Console

from claimx.render import neutralise, render_delimited, render_json, render_jsonl, render_table


def test_neutralise():
    for cell in ("=1+1", "+cmd", "-2", "@SUM(A1)", "\tx"):
        assert neutralise(cell).startswith("'")
    assert neutralise("fine") == "fine"


def test_json_and_jsonl_agree(pipeline):
    r = pipeline.check_text("Beetroot juice lowers blood pressure.\n", "a.txt")
    full = json.loads(render_json([r]))
    lines = render_jsonl([r, r]).splitlines()
    assert len(lines) == 2
    doc = json.loads(lines[0])
    assert doc["schema_version"] == full["schema_version"]
    assert doc["claims"] == full["documents"][0]["claims"]


def test_sentences_output_has_kinds_and_cues(pipeline):
    r = pipeline.check_text("Sleep Tips\nMagnesium may improve sleep quality.\n", "a.txt")
    doc = json.loads(render_json([r], sentences=True))["documents"][0]
    kinds = [s["kind"] for s in doc["sentences"]]
    assert kinds == ["heading", "sentence"]
    assert [c["text"] for c in doc["sentences"][1]["hedge_cues"]] == ["may"]


def test_tsv_has_header_and_no_tabs_in_cells(pipeline):
    r = pipeline.check_text("Beetroot\tjuice lowers blood pressure.\n", "a.txt")
    rows = list(csv.reader(io.StringIO(render_delimited([r], "\t")), delimiter="\t"))
    assert rows[0][0] == "path" and len({len(row) for row in rows}) == 1


def test_table_fits_80_columns(pipeline):
    r = pipeline.check_text("Research suggests that magnesium may improve sleep quality in older adults "
                            "with insomnia, according to the World Health Organization.\n", "a.txt")
    console = Console(width=80, record=True, file=io.StringIO(), no_color=True)
    render_table([r], console)
    text = console.export_text()
    assert "magnesium" in text and "↑" in text
    assert max(len(line) for line in text.splitlines()) <= 80
