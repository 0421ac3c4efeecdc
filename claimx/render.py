"""Render stage: results -> a rich table, JSON, JSON Lines, CSV or TSV.

The JSON document is a versioned contract described in ``docs/json-schema.md``; CSV/TSV have one row per claim
with a stable header, and cells that a spreadsheet would execute are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimx import __version__
from claimx.check import flag_names
from claimx.records import DIRECTION_ARROWS, Claim, DocumentResult, Finding, Statistic

SCHEMA_VERSION = 3
CSV_COLUMNS = (
    "path", "claim_id", "line", "column", "intervention", "intervention_source", "outcome", "direction",
    "hedged", "negated", "strength", "evidence", "support", "sources", "flags", "codes", "sentence", "error",
)
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


# ------------------------------------------------------------------------------------------------ JSON


def _stat(s: Statistic) -> dict[str, Any]:
    return {"kind": s.kind, "name": s.name, "value": s.value, "ci": [s.ci_low, s.ci_high]
            if s.ci_low is not None else None, "p": s.p, "text": s.text}


def source_dict(m) -> dict[str, Any]:
    return {"mention": m.mention, "kind": m.kind, "canonical": m.canonical, "score": m.score,
            "identifier": m.identifier, "reference": m.reference, "start": m.start, "end": m.end}


def claim_dict(result: DocumentResult, c: Claim, flags: dict[str, tuple[str, ...]],
               codes: dict[str, list[str]]) -> dict[str, Any]:
    doc = result.document
    line, col = doc.position(c.start) if doc else (0, 0)
    related = sorted({r for f in result.findings if f.claim_id == c.id for r in f.related})
    return {
        "id": c.id,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "line": line,
        "column": col,
        "intervention": c.intervention,
        "intervention_source": c.intervention_source,
        "outcome": c.outcome,
        "direction": c.direction,
        "arrow": DIRECTION_ARROWS[c.direction],
        "hedged": c.hedged,
        "negated": c.negated,
        "strength": c.strength,
        "evidence": c.evidence,
        "support": c.support,
        "sources": [source_dict(m) for m in c.sources],
        "statistics": [_stat(s) for s in c.statistics],
        "flags": list(flags.get(c.id, ())),
        "codes": codes.get(c.id, []),
        "contradicts": related if "contradictory" in flags.get(c.id, ()) else [],
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "name": f.name, "severity": f.severity, "message": f.message, "line": f.line,
            "column": f.column, "start": f.start, "end": f.end, "claim": f.claim_id, "related": list(f.related),
            "fingerprint": f.fingerprint}


def document_dict(result: DocumentResult, sentences: bool = False) -> dict[str, Any]:
    flags = flag_names(result.findings)
    codes: dict[str, list[str]] = {}
    for f in result.findings:
        if f.claim_id:
            codes.setdefault(f.claim_id, [])
            if f.code not in codes[f.claim_id]:
                codes[f.claim_id].append(f.code)
    out: dict[str, Any] = {
        "path": result.path,
        "format": result.document.format if result.document else None,
        "encoding": result.document.encoding if result.document else None,
        "error": result.error,
        "claims": [claim_dict(result, c, flags, codes) for c in result.claims],
        "contradictions": [{"claims": list(x.claims), "reason": x.reason} for x in result.contradictions],
        "findings": [finding_dict(f) for f in result.findings],
        "references": [{"key": r.key, "text": r.text, "year": r.year, "doi": r.doi, "pmid": r.pmid, "url": r.url}
                       for r in result.references],
        "summary": document_summary(result, flags),
        "limits": list(result.limits),
    }
    if sentences and result.document is not None:
        doc = result.document
        empty = tuple(() for _ in result.sentences)
        cues = result.sentence_cues or empty
        sources = result.sentence_sources or empty
        relations = result.sentence_relations or tuple(None for _ in result.sentences)
        out["sentences"] = [
            {"index": s.index, "text": s.text, "start": s.start, "end": s.end, "line": doc.position(s.start)[0],
             "kind": s.kind, "relation": rel,
             "hedge_cues": [{"text": c.text, "start": c.start, "end": c.end} for c in cue],
             "sources": [source_dict(m) for m in src]}
            for s, cue, src, rel in zip(result.sentences, cues, sources, relations, strict=False)
        ]
    return out


def document_summary(result: DocumentResult, flags: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    flags = flag_names(result.findings) if flags is None else flags
    support = Counter(c.support for c in result.claims)
    return {
        "claims": len(result.claims),
        "support": {k: support.get(k, 0) for k in ("cited", "named", "vague", "none")},
        "unsupported": sum(1 for f in flags.values() if "unsupported" in f),
        "contradictory": sum(1 for f in flags.values() if "contradictory" in f),
        "findings": len(result.findings),
    }


def render_json(results: Sequence[DocumentResult], sentences: bool = False) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "claimx", "version": __version__},
        "documents": [document_dict(r, sentences) for r in results],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_jsonl(results: Sequence[DocumentResult], sentences: bool = False) -> str:
    """One JSON object per line: each document (with its claims), tagged with the schema version."""
    lines = []
    for r in results:
        d = {"schema_version": SCHEMA_VERSION, **document_dict(r, sentences)}
        lines.append(json.dumps(d, ensure_ascii=False, allow_nan=False))
    return "\n".join(lines) + ("\n" if lines else "")


# ------------------------------------------------------------------------------------------------- CSV


def neutralise(cell: str) -> str:
    """Stop spreadsheets from executing a cell as a formula (OWASP CSV injection guidance)."""
    if cell and cell.startswith(DANGEROUS_PREFIXES):
        return "'" + cell
    return cell


def _sources_cell(c: Claim) -> str:
    parts = []
    for m in c.sources:
        parts.append(f"{m.kind}:{m.canonical or m.mention}")
    return "; ".join(parts)


def rows(results: Sequence[DocumentResult]) -> list[list[str]]:
    out = []
    for r in results:
        if r.error is not None:
            out.append([r.path] + [""] * (len(CSV_COLUMNS) - 2) + [r.error])
            continue
        flags = flag_names(r.findings)
        codes: dict[str, list[str]] = {}
        for f in r.findings:
            if f.claim_id and f.code not in codes.setdefault(f.claim_id, []):
                codes[f.claim_id].append(f.code)
        doc_rows: list[list[str]] = []
        for f in r.findings:
            if f.claim_id is None:  # unresolved citations, suppression problems
                doc_rows.append([r.path, "", str(f.line), str(f.column), "", "", "", "", "", "", "", "", "", "", "",
                            f.code, " ".join((f.excerpt or f.message).split()), ""])
        for c in r.claims:
            line, col = r.document.position(c.start) if r.document else (0, 0)
            doc_rows.append([
                r.path, c.id, str(line), str(col), c.intervention or "", c.intervention_source, c.outcome,
                c.direction, str(c.hedged).lower(), str(c.negated).lower(), c.strength, c.evidence, c.support,
                _sources_cell(c), ",".join(flags.get(c.id, ())), ",".join(codes.get(c.id, [])),
                " ".join(c.sentence.split()), "",
            ])
        out.extend(sorted(doc_rows, key=lambda row: (int(row[2]), int(row[3]))))  # stable: claims keep order
    return out


def render_delimited(results: Sequence[DocumentResult], delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for row in rows(results):
        cells = [neutralise(c) for c in row]
        if delimiter == "\t":
            cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
        writer.writerow(cells)
    return buf.getvalue()


# ----------------------------------------------------------------------------------------------- table


def claim_text(c: Claim) -> Text:
    t = Text()
    t.append(c.intervention or "?", style="bold")
    if c.intervention_source != "sentence":
        t.append("*", style="dim")
    t.append(" → ")
    t.append(c.outcome)
    t.append(f" {DIRECTION_ARROWS[c.direction]}", style="bold cyan")
    marks = []
    if c.hedged:
        marks.append("hedged")
    if c.negated:
        marks.append("negated")
    if marks:
        t.append(f" ({', '.join(marks)})", style="italic yellow")
    detail = c.strength.replace("_", " ")
    if c.evidence != "unknown":
        detail += f", {c.evidence.replace('_', ' ')} evidence"
    t.append(f"\n{detail}", style="dim")
    return t


def support_text(c: Claim) -> Text:
    style = {"cited": "green", "named": "yellow", "vague": "red", "none": "red"}[c.support]
    t = Text(c.support, style=style)
    named = [m for m in c.sources if m.kind != "vague"]
    for m in named[:3]:
        t.append(f"\n{m.kind}: {m.canonical or m.mention}", style="dim")
    if not named:
        vague = [m for m in c.sources if m.kind == "vague"]
        if vague:
            t.append(f"\n“{vague[0].mention}”", style="dim")
    return t


def render_table(results: Sequence[DocumentResult], console: Console) -> None:
    for r in results:
        if r.error is not None:
            console.print(Text(f"{r.path}: error: {r.error}", style="bold red"))
            continue
        flags = flag_names(r.findings)
        if r.claims:
            table = Table(title=r.path, title_justify="left", show_lines=False, expand=False, pad_edge=False)
            table.add_column("Line", justify="right", no_wrap=True)
            table.add_column("Claim", ratio=3)
            table.add_column("Support", ratio=2)
            table.add_column("Flags", ratio=1)
            for c in r.claims:
                line, col = r.document.position(c.start) if r.document else (0, 0)
                f = flags.get(c.id, ())
                flag_text = Text(", ".join(f), style="bold red" if "contradictory" in f else "yellow")
                related = sorted({x for fi in r.findings if fi.claim_id == c.id for x in fi.related})
                if related:
                    flag_text.append(f"\n↔ {', '.join(related)}", style="dim")
                table.add_row(f"{line}:{col}\n{c.id}", claim_text(c), support_text(c), flag_text)
            console.print(table)
        other = [f for f in r.findings if f.claim_id is None]
        for f in other:
            console.print(Text(f"{r.path}:{f.line}:{f.column}: {f.code} {f.message}", style="yellow"))
        console.print(summary_line(r))


def summary_line(r: DocumentResult) -> str:
    s = document_summary(r)
    sup = s["support"]
    return (f"{r.path}: {s['claims']} claims (cited {sup['cited']}, named {sup['named']}, vague {sup['vague']}, "
            f"none {sup['none']}); {s['unsupported']} unsupported, {s['contradictory']} contradictory; "
            f"{s['findings']} findings")
