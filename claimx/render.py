"""Render stage: results -> a rich table, JSON, JSON Lines, CSV or TSV.

The JSON document is a versioned contract described in ``docs/json-schema.md``; CSV/TSV have one row per claim
with a stable header, and cells that a spreadsheet would execute are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimx import __version__
from claimx.check import flag_names
from claimx.records import DIRECTION_ARROWS, Claim, DocumentResult, DocumentSource, Finding, SourceMention, Statistic
from claimx.rules import SEVERITY_RANK

SCHEMA_VERSION = 4
CSV_COLUMNS = (
    "path", "claim_id", "line", "column", "intervention", "intervention_source", "outcome", "direction",
    "hedged", "negated", "strength", "evidence", "support", "sources", "flags", "codes", "severity", "message",
    "sentence", "error",
)
CSV_FINDING_COLUMNS = (
    "path", "line", "column", "code", "name", "severity", "message", "claim_id", "intervention", "outcome",
    "direction", "support", "sentence", "fingerprint", "error",
)
CSV_SOURCE_COLUMNS = (
    "path", "line", "column", "kind", "mention", "canonical", "in_registry", "role", "affiliation", "identifier",
    "score", "reference", "claims", "error",
)
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


# ------------------------------------------------------------------------------------------------ JSON


def _stat(s: Statistic) -> dict[str, Any]:
    return {"kind": s.kind, "name": s.name, "value": s.value, "ci": [s.ci_low, s.ci_high]
            if s.ci_low is not None else None, "p": s.p, "text": s.text}


def source_dict(m: SourceMention) -> dict[str, Any]:
    return {"mention": m.mention, "kind": m.kind, "canonical": m.canonical, "score": m.score,
            "identifier": m.identifier, "reference": m.reference, "in_registry": m.in_registry,
            "affiliation": m.affiliation, "role": m.role, "start": m.start, "end": m.end}


def inventory_dict(result: DocumentResult, d: DocumentSource) -> dict[str, Any]:
    line, col = result.document.position(d.mention.start) if result.document else (0, 0)
    return {**source_dict(d.mention), "line": line, "column": col, "claims": list(d.claims)}


def claim_dict(result: DocumentResult, c: Claim, flags: dict[str, tuple[str, ...]],
               codes: dict[str, list[str]], related_of: dict[str, set[str]] | None = None) -> dict[str, Any]:
    """``related_of``: the claims each claim's findings relate it to (computed here when not given; given by
    ``document_dict``, which would otherwise scan every finding for every claim)."""
    doc = result.document
    line, col = doc.position(c.start) if doc else (0, 0)
    if related_of is None:
        related_of = _related_of(result)
    related = sorted(related_of.get(c.id, ()))
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
        "outcome_key": c.outcome_key,
        "direction": c.direction,
        "arrow": DIRECTION_ARROWS[c.direction],
        "hedged": c.hedged,
        "negated": c.negated,
        "strength": c.strength,
        "evidence": c.evidence,
        "support": c.support,
        "support_via": c.support_via,
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


def _related_of(result: DocumentResult) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in result.findings:
        if f.claim_id and f.related:
            out.setdefault(f.claim_id, set()).update(f.related)
    return out


def document_dict(result: DocumentResult, sentences: bool = False) -> dict[str, Any]:
    flags = flag_names(result.findings)
    related_of = _related_of(result)
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
        "claims": [claim_dict(result, c, flags, codes, related_of) for c in result.claims],
        "contradictions": [{"claims": list(x.claims), "reason": x.reason} for x in result.contradictions],
        "findings": [finding_dict(f) for f in result.findings],
        "sources": [inventory_dict(result, d) for d in result.sources],
        "references": [{"key": r.key, "text": r.text, "year": r.year, "doi": r.doi, "pmid": r.pmid, "url": r.url}
                       for r in result.references],
        "summary": document_summary(result, flags),
        "limits": list(result.limits),
    }
    if result.section is not None:  # one section of a large file (claimx.batch)
        sec = result.section
        out["section"] = {"index": sec.index, "line": sec.line, "offset": sec.offset, "last": sec.last}
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


def source_name(m: SourceMention) -> str:
    """How a source is named in reports: its canonical name, the identifier of a DOI/PMID/PMCID/registration
    given as link text, or the mention as written."""
    if m.canonical:
        return m.canonical
    if m.kind in ("doi", "pmid", "pmcid", "registration") and m.identifier:
        return m.identifier
    return " ".join(m.mention.split())


def source_label(m: SourceMention) -> str:
    """``kind:name``; a person adds who they are: ``person:Maria Okafor (Dr, Riverside University Hospital)``."""
    who = ", ".join(x for x in (m.role, m.affiliation) if x) if m.kind == "person" else ""
    return f"{m.kind}:{source_name(m)}" + (f" ({who})" if who else "")


def _sources_cell(c: Claim) -> str:
    return "; ".join(dict.fromkeys(source_label(m) for m in c.sources))


def _worst(findings: Sequence[Finding]) -> str:
    return max((f.severity for f in findings), key=lambda sev: SEVERITY_RANK.get(sev, 0), default="")


def claim_rows(results: Sequence[DocumentResult]) -> list[list[str]]:
    """One row per claim (``CSV_COLUMNS``); a file that could not be read gives one row with its error."""
    out = []
    for r in results:
        if r.error is not None:
            out.append([r.path] + [""] * (len(CSV_COLUMNS) - 2) + [r.error])
            continue
        flags = flag_names(r.findings)
        by_claim: dict[str, list[Finding]] = {}
        for f in r.findings:
            if f.claim_id:
                by_claim.setdefault(f.claim_id, []).append(f)
        for c in r.claims:
            line, col = r.document.position(c.start) if r.document else (0, 0)
            found = by_claim.get(c.id, [])
            out.append([
                r.path, c.id, str(line), str(col), c.intervention or "", c.intervention_source, c.outcome,
                c.direction, str(c.hedged).lower(), str(c.negated).lower(), c.strength, c.evidence, c.support,
                _sources_cell(c), ",".join(flags.get(c.id, ())), ",".join(dict.fromkeys(f.code for f in found)),
                _worst(found), "; ".join(f.short or f.message for f in found), " ".join(c.sentence.split()), "",
            ])
    return out


def finding_rows(results: Sequence[DocumentResult]) -> list[list[str]]:
    """One row per finding (``CSV_FINDING_COLUMNS``), in document order; a file that could not be read gives
    one row with its error."""
    out = []
    for r in results:
        if r.error is not None:
            out.append([r.path] + [""] * (len(CSV_FINDING_COLUMNS) - 2) + [r.error])
            continue
        claims = {c.id: c for c in r.claims}
        for f in sorted(r.findings, key=lambda f: (f.line, f.column, f.code)):
            c = claims.get(f.claim_id or "")
            out.append([
                r.path, str(f.line), str(f.column), f.code, f.name, f.severity, " ".join(f.message.split()),
                f.claim_id or "", (c.intervention or "") if c else "", c.outcome if c else "",
                c.direction if c else "", c.support if c else "",
                " ".join((c.sentence if c else f.excerpt).split()), f.fingerprint, "",
            ])
    return out


def source_rows(results: Sequence[DocumentResult]) -> list[list[str]]:
    """One row per source mention of each document (``CSV_SOURCE_COLUMNS``; JSON ``documents[].sources``), in
    text order, with the ids of the claims it supports; a file that could not be read gives one row with its
    error."""
    out = []
    for r in results:
        if r.error is not None:
            out.append([r.path] + [""] * (len(CSV_SOURCE_COLUMNS) - 2) + [r.error])
            continue
        for d in r.sources:
            m = d.mention
            line, col = r.document.position(m.start) if r.document else (0, 0)
            out.append([
                r.path, str(line), str(col), m.kind, " ".join(m.mention.split()), m.canonical or "",
                "" if m.in_registry is None else str(m.in_registry).lower(), m.role or "", m.affiliation or "",
                m.identifier or "", "" if m.score is None else f"{m.score:g}", " ".join((m.reference or "").split()),
                ",".join(d.claims), "",
            ])
    return out


ROW_SHAPES = {"claims": (CSV_COLUMNS, claim_rows), "findings": (CSV_FINDING_COLUMNS, finding_rows),
              "sources": (CSV_SOURCE_COLUMNS, source_rows)}


def rows(results: Sequence[DocumentResult], kind: str = "claims") -> list[list[str]]:
    return ROW_SHAPES[kind][1](results)


def render_delimited(results: Sequence[DocumentResult], delimiter: str, kind: str = "claims") -> str:
    """CSV or TSV: one row per claim (``kind="claims"``), per finding (``"findings"``) or per source mention
    (``"sources"``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(ROW_SHAPES[kind][0])
    for row in rows(results, kind):
        cells = [neutralise(c) for c in row]
        if delimiter == "\t":
            cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
        writer.writerow(cells)
    return buf.getvalue()


# ----------------------------------------------------------------------------------------------- table


LEGEND = "↑ up ↓ down = no change ~ change  ? hedged  ¬ negated  * inherited intervention"
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SUPPORT_STYLES = {"cited": "green", "named": "yellow", "vague": "red", "none": "red"}
_PLURAL = {"error": "errors", "warning": "warnings", "info": "info"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 claim``, ``2 claims`` (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def claim_label_text(c: Claim) -> Text:
    """``ketamine* → sleep quality ↑?``: the intervention (``*`` inherited), the outcome, the direction arrow,
    ``?`` when hedged and ``¬`` when negated (the table's legend explains the symbols)."""
    t = Text()
    if c.intervention:
        t.append(c.intervention, style="bold")
    else:
        t.append("(unnamed)", style="dim")  # a trial result whose arms the text does not name
    if c.intervention and c.intervention_source != "sentence":
        t.append("*", style="dim")
    t.append(" → ")
    t.append(c.outcome)
    t.append(f" {DIRECTION_ARROWS[c.direction]}", style="bold cyan")
    if c.hedged:
        t.append("?", style="italic yellow")
    if c.negated:
        t.append("¬", style="italic yellow")
    return t


def _finding_text(f: Finding) -> Text:
    t = Text()
    t.append(f.code, style="bold")
    t.append(" ")
    t.append(f.severity, style=SEVERITY_STYLES.get(f.severity, ""))
    t.append(" ")
    t.append(f.short or f.message)
    return t


def _support_text(c: Claim) -> Text:
    t = Text(c.support, style=SUPPORT_STYLES[c.support])
    named = [m.canonical or m.mention for m in c.sources if m.kind != "vague"]
    if named:
        t.append(": " + "; ".join(dict.fromkeys(named)), style="dim")
    return t


def section_of(result: DocumentResult) -> dict[int, str]:
    """Claim start offset -> the heading of the section it is in ("" before the first heading)."""
    headings = [(s.start, " ".join(s.text.split())) for s in result.sentences if s.kind == "heading"]
    out: dict[int, str] = {}
    for c in result.claims:
        title = ""
        for start, text in headings:
            if start > c.start:
                break
            title = text
        out[c.start] = title
    for f in result.findings:
        if f.claim_id is None:
            title = ""
            for start, text in headings:
                if start > f.start:
                    break
                title = text
            out.setdefault(f.start, title)
    return out


def severity_counts(findings: Sequence[Finding]) -> Counter[str]:
    return Counter(f.severity for f in findings)


def _counts_text(counts: Counter[str]) -> str:
    parts = [plural(counts[s], s, _PLURAL[s]) for s in ("error", "warning", "info")]
    return ", ".join(parts)


@dataclass(frozen=True)
class _Row:
    start: int
    line: int
    section: str
    claim: Text
    finding: Text


def _document_rows(r: DocumentResult, show_all: bool) -> list[_Row]:
    by_claim: dict[str, list[Finding]] = {}
    for f in r.findings:
        if f.claim_id:
            by_claim.setdefault(f.claim_id, []).append(f)
    sections = section_of(r)
    rows: list[_Row] = []
    for c in r.claims:
        found = by_claim.get(c.id, [])
        if not found and not show_all:
            continue
        line = found[0].line if found else (r.document.position(c.start)[0] if r.document else 0)
        cell = Text("\n").join(_finding_text(f) for f in found) if found else _support_text(c)
        rows.append(_Row(c.start, line, sections.get(c.start, ""), claim_label_text(c), cell))
    for f in r.findings:
        if f.claim_id is None:
            excerpt = " ".join((f.excerpt or "").split())
            rows.append(_Row(f.start, f.line, sections.get(f.start, ""), Text(excerpt[:60], style="dim"),
                             _finding_text(f)))
    return sorted(rows, key=lambda row: (row.start, row.line))


_WIDTH_SAMPLE = 300  # rows looked at to choose the column split (evenly spaced; deterministic)


def _lines(text: str, width: int) -> int:
    return sum(len(textwrap.wrap(part, width, break_on_hyphens=False)) or 1 for part in text.split("\n"))


def _widths(rows: Sequence[_Row], width: int | None) -> tuple[int, int, int]:
    """(line, claim, finding) column widths: natural when there is room (or no width), else the split of the
    width between claim and finding that needs the fewest screen lines."""
    line_w = max(4, *(len(str(r.line)) for r in rows))
    claim_nat = max(r.claim.cell_len for r in rows)
    find_nat = max(max(len(x) for x in r.finding.plain.split("\n")) for r in rows)
    if width is None:
        return line_w, claim_nat, find_nat
    avail = width - line_w - 4  # two gaps of two spaces
    if claim_nat + find_nat <= avail:
        return line_w, claim_nat, find_nat
    best: tuple[int, int] | None = None
    sample = rows if len(rows) <= _WIDTH_SAMPLE else [rows[i * len(rows) // _WIDTH_SAMPLE]
                                                     for i in range(_WIDTH_SAMPLE)]
    for claim_w in range(min(16, avail // 2), min(claim_nat, avail - 12) + 1):
        total = sum(max(_lines(r.claim.plain, claim_w), _lines(r.finding.plain, avail - claim_w)) for r in sample)
        if best is None or total < best[0]:
            best = (total, claim_w)
    claim_w = best[1] if best else max(1, avail // 2)
    return line_w, claim_w, max(1, avail - claim_w)


def _table(widths: tuple[int, int, int], header: bool) -> Table:
    line_w, claim_w, find_w = widths
    table = Table(box=None, show_header=header, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0),
                  expand=False, show_edge=False, collapse_padding=True)
    table.add_column("Line", justify="right", no_wrap=True, width=line_w, style="dim")
    table.add_column("Claim", width=claim_w)
    table.add_column("Finding", width=find_w)
    return table


def _print_rows(console: Console, rows: Sequence[_Row], width: int | None) -> None:
    widths = _widths(rows, width)
    table = _table(widths, header=True)
    current: str | None = None
    for row in rows:
        if row.section != current:
            if table.row_count or table.show_header:
                console.print(table)
            if row.section:
                console.print(Text(f"§ {row.section}", style="bold"))
            table = _table(widths, header=False)
            current = row.section
        table.add_row(str(row.line), row.claim, row.finding)
    if table.row_count:
        console.print(table)


def render_table(results: Sequence[DocumentResult], console: Console, *, show_all: bool = False,
                 quiet: bool = False, fail_on: str | None = None, fail_levels: dict[str, str] | None = None,
                 width: int | None = None) -> None:
    """The editor's table: per document, one row per claim that has findings (every claim with
    ``show_all``), grouped by section heading; then, unless ``quiet``, a legend and a summary that says
    pass or fail and what to run next. Unreadable files are reported on standard error by the command line."""
    from claimx.policy import fails

    paths = dict.fromkeys(r.path for r in results)  # a file checked in sections is one file
    single = len(results) == 1
    printed_legend = False
    for r in results:
        if r.error is not None:
            continue
        rows = _document_rows(r, show_all)
        if not rows:
            if not quiet and not single:
                console.print(Text(f"{r.path}: {plural(len(r.claims), 'claim')}, no findings", style="green"))
            if not quiet and (named := sources_line(r)):
                console.print(Text(named, style="dim"))
            continue
        title = r.path if r.section is None else f"{r.path} (section {r.section.index + 1}, line {r.section.line})"
        console.print(Text(title, style="bold"))
        _print_rows(console, rows, width)
        named = sources_line(r)
        if named and not quiet:
            console.print(Text(named, style="dim"))
        if not quiet and not single:
            console.print(Text(f"{r.path}: {_doc_counts(r)}"))
        if not quiet and not printed_legend:
            console.print(Text(LEGEND, style="dim"))
            printed_legend = True
    if quiet:
        return
    findings = [f for r in results for f in r.findings]
    errors = [r for r in results if r.error is not None]
    levels = fail_levels or {}
    level_of = {r.path: fail_on or levels.get(r.path, "warning") for r in results}
    failing = [f for r in results for f in r.findings if fails(f.severity, level_of[r.path])]
    unread = dict.fromkeys(r.path for r in errors)
    if len(paths) == 1 and not errors:
        head = _doc_counts(*results)
    else:
        checked = len([p for p in paths if p not in unread])
        head = f"{plural(checked, 'file')} checked: {_counts_text(severity_counts(findings))}"
        if errors:
            head += f"; {plural(len(unread), 'file')} could not be read"
    shown = set(level_of.values())
    level_text = f" (--fail-on {shown.pop()})" if len(shown) == 1 else ""
    if errors or failing:
        why = f": {plural(len(failing), 'finding')} at or above the fail-on level" if failing else ""
        verdict = Text(f"{head}. Failed{level_text}{why}.", style="bold red")
    else:
        verdict = Text(f"{head}. Passed{level_text}.", style="bold green")
    console.print(verdict)
    if findings:
        top = Counter(f.code for f in findings).most_common(1)[0][0]
        target = results[0].path if len(paths) == 1 else "FILES"
        where = "the article" if len(paths) == 1 else "the articles"
        console.print(Text(f"Next: claimx rule {top} explains a code; claimx check {target} --format html "
                           f"-o report.html shows every claim in {where}.", style="dim"))


def _doc_counts(*parts: DocumentResult) -> str:
    """Counts of one document (or of the sections of one file)."""
    findings = [f for r in parts for f in r.findings]
    with_findings = len({f.claim_id for f in findings if f.claim_id})
    return (f"{plural(sum(len(r.claims) for r in parts), 'claim')}, {with_findings} with findings; "
            f"{_counts_text(severity_counts(findings))}")


def render_table_text(result, *, width: int | None = None, color: bool = False, show_all: bool = False,
                      quiet: bool = False, fail_on: str | None = None) -> str:
    """The table as a string. ``width`` None: not a terminal, so lines are never wrapped (each row is laid
    out at its natural width); ``color`` adds ANSI styles."""
    buf = io.StringIO()
    console = Console(file=buf, width=width or 100_000, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False,
                      legacy_windows=False, force_jupyter=False)
    render_table(result.documents, console, show_all=show_all, quiet=quiet, fail_on=fail_on,
                 fail_levels=dict(result.fail_on), width=width)
    text = buf.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


def sources_line(r: DocumentResult) -> str:
    """The compact list of the sources a document names (not vague attributions), in order of first mention."""
    seen: dict[tuple[str, str], int] = {}
    for d in r.sources:
        m = d.mention
        if m.kind in ("vague", "study_design"):
            continue
        key = (m.canonical or m.mention, m.kind)
        seen[key] = seen.get(key, 0) + 1
    if not seen:
        return ""
    parts = [f"{name} ({kind}{f', {n}×' if n > 1 else ''})" for (name, kind), n in seen.items()]
    return f"Sources named: {'; '.join(parts)}"
