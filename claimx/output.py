"""Output formats by name: one entry point, :func:`render_result`, used by ``Result.render`` and the CLI.

Every format is rendered from a :class:`claimx.api.Result` to a string (``xlsx``: bytes); nothing here
decides what is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimx.api import Result

CSV_ROWS: tuple[str, ...] = ("claims", "findings", "sources")


def render_result(result: Result, fmt: str = "json", *, width: int | None = None, color: bool = False,
                  show_all: bool = False, quiet: bool = False, rows: str = "claims", bom: bool = False,
                  statistics: bool = False, fail_on: str | None = None) -> str | bytes:
    docs = result.documents
    if rows not in CSV_ROWS:
        raise ValueError(f"rows: expected one of {', '.join(CSV_ROWS)}, got {rows!r}")
    fmt = "table" if fmt == "text" else fmt
    if statistics:
        from claimx.render_ci import render_statistics, render_statistics_json

        return render_statistics_json(docs) if fmt in ("json", "jsonl") else render_statistics(docs)
    if fmt == "json":
        return result.to_json()
    if fmt == "jsonl":
        return result.to_jsonl()
    if fmt in ("csv", "tsv"):
        from claimx.render import render_delimited

        text = render_delimited(docs, "," if fmt == "csv" else "\t", rows)
        return ("\ufeff" + text) if bom else text
    if fmt == "xlsx":
        from claimx.render_xlsx import render_xlsx

        return render_xlsx(docs)
    if fmt == "html":
        from claimx.render_html import render_html

        return render_html(docs)
    if fmt == "concise":
        from claimx.render_ci import render_concise

        return render_concise(docs)
    if fmt == "github":
        from claimx.render_ci import render_github

        return render_github(docs)
    if fmt == "sarif":
        from claimx.render_ci import render_sarif

        return render_sarif(docs, result.settings.selection.enabled_rules())
    if fmt == "table":
        from claimx.render import render_table_text

        return render_table_text(result, width=width, color=color, show_all=show_all, quiet=quiet,
                                 fail_on=fail_on)
    raise ValueError(f"unknown output format {fmt!r}")



def json_schema() -> str:
    """The JSON Schema (draft 2020-12) of the JSON, JSON Lines and statistics output, as shipped."""
    from importlib.resources import files

    return files("claimx").joinpath("schemas", "report.schema.json").read_text(encoding="utf-8")
