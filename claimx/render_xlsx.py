"""Spreadsheet report (``--format xlsx``, openpyxl): a Claims sheet, a Findings sheet and a Sources sheet (the
document's source inventory, JSON ``documents[].sources``).

Columns are typed (numbers for lines, columns and scores, booleans for hedged/negated/in_registry), the header
row is frozen and
filterable, DOIs and URLs are hyperlinks, and no cell is ever a formula: text from the article that starts with
``=`` is stored as text. The file is deterministic (fixed timestamps), so a report can be diffed or cached.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from claimx.records import Claim, DocumentResult, Finding
from claimx.render import CSV_COLUMNS, CSV_FINDING_COLUMNS, CSV_SOURCE_COLUMNS, claim_rows, finding_rows, source_rows
from claimx.render_html import source_url

CLAIM_SHEET = "Claims"
FINDING_SHEET = "Findings"
SOURCE_SHEET = "Sources"
LINK_COLUMN = "link"
_INT_COLUMNS = {"line", "column"}
_BOOL_COLUMNS = {"hedged", "negated", "in_registry"}
_FLOAT_COLUMNS = {"score"}
_WIDTHS = {"path": 28, "sentence": 80, "message": 48, "intervention": 22, "outcome": 24, "sources": 36,
           "link": 36, "fingerprint": 18, "name": 20, "mention": 28, "canonical": 28, "role": 24,
           "affiliation": 28, "identifier": 24, "reference": 48, "claims": 16}
_FIXED_TIME = "1980-01-01T00:00:00Z"


def claim_link(c: Claim) -> str | None:
    """The first followable link of a claim: a DOI, PMID or URL it gives, or its reference's DOI/URL."""
    for m in c.sources:
        url = source_url(m)
        if url and m.kind in ("doi", "pmid", "url"):
            return url
    for m in c.sources:
        if m.reference:
            doi = re.search(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;])", m.reference)
            if doi:
                return "https://doi.org/" + doi.group(1)
            url = re.search(r"https?://[^\s\"<>]+[^\s\"<>.,;)]", m.reference)
            if url:
                return url.group(0)
    return None


def _typed(column: str, value: str) -> Any:
    if column in _INT_COLUMNS:
        return int(value) if value.isdigit() else None
    if column in _BOOL_COLUMNS:
        return {"true": True, "false": False}.get(value)
    if column in _FLOAT_COLUMNS:
        try:
            return float(value)
        except ValueError:
            return None
    return value if value != "" else None


def _write_sheet(ws, header: Sequence[str], rows: Sequence[Sequence[Any]], links: Sequence[str | None]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, (row, link) in enumerate(zip(rows, links, strict=True), start=2):
        for c, (column, value) in enumerate(zip(header, row, strict=False), start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula: keep it text
                cell.data_type = "s"
            if column == LINK_COLUMN and link:
                cell.hyperlink = link
                cell.style = "Hyperlink"
    ws.freeze_panes = "A2"
    last = get_column_letter(len(header))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    for i, column in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(column, max(10, len(column) + 2))


def _deterministic(data: bytes) -> bytes:
    """Fixed zip entry times and document timestamps: the same report gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def render_xlsx(results: Sequence[DocumentResult]) -> bytes:
    """The workbook as bytes: Claims (the CSV claim columns, typed, plus ``link``), Findings (the CSV finding
    columns, typed, plus ``link``) and Sources (the CSV source columns, typed, plus ``link``)."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise RuntimeError("--format xlsx needs openpyxl (pip install openpyxl)") from exc
    wb = Workbook()
    claims_ws = wb.active
    claims_ws.title = CLAIM_SHEET
    claim_links: list[str | None] = []
    for r in results:
        if r.error is not None:
            claim_links.append(None)
            continue
        claim_links += [claim_link(c) for c in r.claims]
    c_rows = [[_typed(col, v) for col, v in zip(CSV_COLUMNS, row, strict=True)] + [link or None]
              for row, link in zip(claim_rows(results), claim_links, strict=True)]
    _write_sheet(claims_ws, (*CSV_COLUMNS, LINK_COLUMN), c_rows, claim_links)

    findings_ws = wb.create_sheet(FINDING_SHEET)
    f_links: list[str | None] = []
    for r in results:
        if r.error is not None:
            f_links.append(None)
            continue
        by_id = {c.id: c for c in r.claims}
        for f in _ordered(r.findings):
            c = by_id.get(f.claim_id or "")
            f_links.append(claim_link(c) if c else None)
    f_rows = [[_typed(col, v) for col, v in zip(CSV_FINDING_COLUMNS, row, strict=True)] + [link or None]
              for row, link in zip(finding_rows(results), f_links, strict=True)]
    _write_sheet(findings_ws, (*CSV_FINDING_COLUMNS, LINK_COLUMN), f_rows, f_links)

    sources_ws = wb.create_sheet(SOURCE_SHEET)
    s_links: list[str | None] = []
    for r in results:
        if r.error is not None:
            s_links.append(None)
            continue
        s_links += [source_url(d.mention) for d in r.sources]
    s_rows = [[_typed(col, v) for col, v in zip(CSV_SOURCE_COLUMNS, row, strict=True)] + [link or None]
              for row, link in zip(source_rows(results), s_links, strict=True)]
    _write_sheet(sources_ws, (*CSV_SOURCE_COLUMNS, LINK_COLUMN), s_rows, s_links)
    wb.properties.creator = "claimx"
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic(buf.getvalue())


def _ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Findings in the order ``finding_rows`` writes them."""
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))
