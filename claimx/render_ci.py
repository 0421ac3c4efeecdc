"""Machine formats for CI: concise lines, GitHub workflow annotations, SARIF 2.1.0 and statistics.

Every renderer is deterministic (same input, same bytes) and returns a string ending with a newline unless it
is empty. Findings are sorted by path, line, column and code; files that could not be read (``error``) are
reported too.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from claimx import __version__
from claimx.records import DocumentResult, Finding
from claimx.rules import Rule, get_rule, render_rule_doc

TOOL_NAME = "claimx"
INFORMATION_URI = "https://github.com/claimx/claimx"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "claimxFingerprint/v1"

GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _sort_key(f: Finding) -> tuple[str, int, int, str, int, str]:
    return (f.path, f.line, f.column, f.code, f.start, f.message)


def sorted_findings(results: Iterable[DocumentResult]) -> list[Finding]:
    return sorted((f for r in results for f in r.findings), key=_sort_key)


def _errors(results: Iterable[DocumentResult]) -> list[tuple[str, str]]:
    return sorted((r.path, " ".join(r.error.split())) for r in results if r.error)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------------ concise


def render_concise(results: Sequence[DocumentResult]) -> str:
    """``path:line:col: CODE message``, one line per finding (and ``path: error: message`` per unreadable
    file), sorted by path, line, column and code."""
    lines = [f"{path}: error: {error}" for path, error in _errors(results)]
    lines += [
        f"{f.path}:{f.line}:{f.column}: {f.code} {_one_line(f.message)}" for f in sorted_findings(results)
    ]
    return "".join(line + "\n" for line in lines)


# ------------------------------------------------------------------------------------------------- GitHub


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _end_position(result: DocumentResult | None, f: Finding) -> tuple[int, int] | None:
    if result is None or result.document is None or f.end <= f.start:
        return None
    try:
        line, col = result.document.position(f.end)
    except (IndexError, ValueError):
        return None
    return (line, col) if (line, col) > (f.line, f.column) else None


def render_github(results: Sequence[DocumentResult]) -> str:
    """GitHub Actions workflow commands, one annotation per finding:
    ``::warning file=a.md,line=3,col=1,endLine=3,endColumn=40,title=CX101 unsupported-claim::message``."""
    by_path = {r.path: r for r in results}
    lines = [
        f"::error file={escape_property(path)},title={escape_property(TOOL_NAME)}::{escape_data(error)}"
        for path, error in _errors(results)
    ]
    for f in sorted_findings(results):
        level = GITHUB_LEVELS.get(f.severity, "warning")
        props = [f"file={escape_property(f.path)}", f"line={f.line}", f"col={f.column}"]
        end = _end_position(by_path.get(f.path), f)
        if end is not None:
            props += [f"endLine={end[0]}", f"endColumn={end[1]}"]
        props.append(f"title={escape_property(f'{f.code} {f.name}')}")
        lines.append(f"::{level} {','.join(props)}::{escape_data(_one_line(f.message))}")
    return "".join(line + "\n" for line in lines)


# -------------------------------------------------------------------------------------------------- SARIF


def artifact_uri(path: str) -> str:
    """A SARIF artifact URI: relative paths stay relative (``/`` separators, percent-encoded); absolute
    paths become ``file://`` URIs."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(PurePosixPath(path.replace(os.sep, "/")).as_posix(), safe="/")


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.short_description},
        "fullDescription": {"text": _one_line(rule.what)},
        "help": {"text": render_rule_doc(rule)},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"tags": [t for t in ("health-claims", rule.flag) if t]},
    }
    return descriptor


def _region(result: DocumentResult | None, f: Finding) -> dict[str, int]:
    region = {"startLine": max(1, f.line), "startColumn": max(1, f.column)}
    end = _end_position(result, f)
    if end is not None:
        region["endLine"], region["endColumn"] = end
    return region


def _related(result: DocumentResult | None, f: Finding, uri: str, index: int) -> list[dict[str, Any]]:
    if result is None or result.document is None or not f.related:
        return []
    claims = {c.id: c for c in result.claims}
    out = []
    for n, claim_id in enumerate(f.related):
        claim = claims.get(claim_id)
        if claim is None:
            continue
        line, col = result.document.position(claim.start)
        out.append({
            "id": n,
            "message": {"text": _one_line(claim.sentence)},
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "index": index},
                "region": {"startLine": line, "startColumn": col},
            },
        })
    return out


def render_sarif(results: Sequence[DocumentResult], rules: Sequence[Rule]) -> str:
    """A SARIF 2.1.0 log with one run. ``rules`` are the rule descriptors to include (usually the enabled
    rules); rules of reported findings are added if missing. JSON with sorted keys and a trailing newline."""
    rule_list = list(rules)
    known = {r.code for r in rule_list}
    for f in sorted_findings(results):
        if f.code not in known:
            try:
                rule_list.append(get_rule(f.code))
                known.add(f.code)
            except KeyError:
                continue
    rule_list.sort(key=lambda r: r.code)
    rule_index = {r.code: i for i, r in enumerate(rule_list)}

    paths = sorted({r.path for r in results} | {f.path for r in results for f in r.findings})
    uris = {p: artifact_uri(p) for p in paths}
    artifact_index = {p: i for i, p in enumerate(paths)}
    by_path = {r.path: r for r in results}

    sarif_results = []
    for f in sorted_findings(results):
        location = {
            "physicalLocation": {
                "artifactLocation": {"uri": uris[f.path], "index": artifact_index[f.path]},
                "region": _region(by_path.get(f.path), f),
            }
        }
        item: dict[str, Any] = {
            "ruleId": f.code,
            "level": SARIF_LEVELS.get(f.severity, "warning"),
            "message": {"text": _one_line(f.message)},
            "locations": [location],
        }
        if f.code in rule_index:
            item["ruleIndex"] = rule_index[f.code]
        if f.fingerprint:
            item["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
        related = _related(by_path.get(f.path), f, uris[f.path], artifact_index[f.path])
        if related:
            item["relatedLocations"] = related
        sarif_results.append(item)

    notifications = [
        {
            "level": "error",
            "message": {"text": error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uris[path],
                                                                      "index": artifact_index[path]}}}],
        }
        for path, error in _errors(results)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(r) for r in rule_list],
            }},
            "artifacts": [{"location": {"uri": uris[p]}} for p in paths],
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


# --------------------------------------------------------------------------------------------- statistics


def render_statistics(results: Sequence[DocumentResult]) -> str:
    """Counts per code, most frequent first (like ``ruff --statistics``): ``count<TAB>CODE<TAB>name``."""
    counts = Counter(f.code for r in results for f in r.findings)
    if not counts:
        return ""
    names = {f.code: f.name for r in results for f in r.findings}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max(len(str(n)) for _, n in rows)
    code_width = max(len(code) for code, _ in rows)
    return "".join(f"{n:>{width}}\t{code:<{code_width}}\t{names[code]}\n" for code, n in rows)


def render_statistics_json(results: Sequence[DocumentResult]) -> str:
    """``--statistics --format json``: ``{"schema_version", "tool", "statistics": [{"code", "name", "severity",
    "count"}]}``, most frequent first."""
    from claimx.render import SCHEMA_VERSION

    counts = Counter(f.code for r in results for f in r.findings)
    meta = {f.code: (f.name, f.severity) for r in results for f in r.findings}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    payload = {"schema_version": SCHEMA_VERSION, "tool": {"name": TOOL_NAME, "version": __version__},
               "statistics": [{"code": code, "name": meta[code][0], "severity": meta[code][1], "count": n}
                              for code, n in rows]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_count_summary(findings: Iterable[Finding]) -> str:
    """``Found 3 findings (1 error, 2 warnings).`` - a one-line summary for the end of the text output."""
    counts = Counter(f.severity for f in findings)
    total = sum(counts.values())
    if not total:
        return "All checks passed!"
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    parts = [f"{counts[s]} {s if counts[s] == 1 else plural[s]}" for s in ("error", "warning", "info")
             if counts[s]]
    noun = "finding" if total == 1 else "findings"
    return f"Found {total} {noun} ({', '.join(parts)})."

