"""Claims across a corpus: ``claimx corpus DIR|FILES|JSONL``.

Claims of many articles are grouped by normalised intervention and outcome: the vocabulary concept where the
name is in ``models/vocab`` (``claimx.tag.intervention_key``; an outcome's lexicon entry), near-identical
spellings (rapidfuzz) and the outcome matching of the in-article contradiction check
(``claimx.check.same_outcome``) otherwise. For each pair the number of articles that say ↑, ↓, = or ~ is
counted, and pairs of articles whose directions conflict (``claimx.check.CONFLICTS``) are listed with both
sources. Input is the JSON Lines (or JSON) that ``claimx check`` writes, so a corpus checked elsewhere (on
Dask, say) is aggregated without re-checking; article files and folders are checked first.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from claimx.records import DIRECTION_ARROWS

DIRECTIONS = ("increase", "decrease", "no_change", "change")
MAX_LISTED = 20  # contradicting article pairs listed per intervention-outcome pair
FUZZY_INTERVENTION = 92  # rapidfuzz ratio at which two intervention names not in the vocabulary are one


class CorpusError(Exception):
    """A problem with one input (one line, fit for the user)."""


@dataclass(frozen=True, slots=True)
class CorpusClaim:
    path: str
    claim_id: str
    line: int
    intervention: str
    outcome: str
    outcome_key: str
    direction: str
    hedged: bool
    sentence: str
    support: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contradiction:
    a: CorpusClaim
    b: CorpusClaim


@dataclass
class Pair:
    intervention: str
    outcome: str
    claims: list[CorpusClaim] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    contradicting_pairs: int = 0  # all of them, listed or not

    def articles(self, direction: str | None = None) -> int:
        return len({c.path for c in self.claims if direction is None or c.direction == direction})

    def counts(self) -> dict[str, int]:
        return {d: self.articles(d) for d in DIRECTIONS}


# ------------------------------------------------------------------------------------------------ input


def _claims_of(doc: dict[str, Any]) -> Iterator[CorpusClaim]:
    for c in doc.get("claims") or ():
        if not c.get("intervention") or c.get("direction") not in DIRECTION_ARROWS:
            continue
        yield CorpusClaim(
            path=str(doc.get("path", "")), claim_id=str(c.get("id", "")), line=int(c.get("line") or 0),
            intervention=str(c["intervention"]), outcome=str(c.get("outcome", "")),
            outcome_key=str(c.get("outcome_key") or ""), direction=c["direction"], hedged=bool(c.get("hedged")),
            sentence=" ".join(str(c.get("sentence", "")).split()), support=str(c.get("support", "")),
            sources=tuple(str(s.get("canonical") or s.get("mention")) for s in c.get("sources") or ()
                          if s.get("kind") != "vague"),
        )


def read_checked(path: Path) -> Iterator[dict[str, Any]]:
    """Documents of a ``claimx check`` JSON Lines (one document per line) or JSON output file, or of a
    Parquet shard of ``check --dask --shard-format parquet``."""
    if path.suffix.lower() == ".parquet":
        from claimx.distributed import read_parquet_lines

        try:
            lines = read_parquet_lines(path)
        except ImportError:
            raise CorpusError(f"{path}: reading Parquet needs pyarrow: pip install 'claimx[dask]'") from None
        except Exception as exc:  # pyarrow's errors for a damaged or foreign file
            raise CorpusError(f"{path}: not a claimx Parquet shard ({' '.join(str(exc).split())})") from None
        yield from (json.loads(line) for line in lines)
        return
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
                raise CorpusError(f"{path}: not a claimx check JSON report (no 'documents' list)")
            yield from data["documents"]
            return
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusError(f"{path}:{n}: not JSON ({exc.msg})") from None
                if not isinstance(doc, dict) or ("claims" not in doc and "error" not in doc):
                    raise CorpusError(f"{path}:{n}: not a claimx check document (no 'claims')")
                yield doc
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: not valid UTF-8") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _checked_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    from claimx.read import KNOWN_SUFFIXES

    reports: list[Path] = []
    articles: list[Path] = []
    for p in paths:
        if p.is_dir():
            articles.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES))
            reports.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in (".jsonl", ".parquet")))
        elif not p.exists():
            raise CorpusError(f"{p}: no such file")
        elif p.suffix.lower() in (".jsonl", ".json", ".ndjson", ".parquet"):
            reports.append(p)
        else:
            articles.append(p)
    return reports, articles


def load_claims(paths: Iterable[Path], jobs: int = 1, errors: list[str] | None = None) -> list[CorpusClaim]:
    """The claims of ``paths``: reports of ``claimx check`` read as they are; articles checked first (with
    the shipped vocabularies, ``jobs`` worker processes). Unreadable articles are noted in ``errors``."""
    from claimx import batch
    from claimx.pipeline import PipelineOptions
    from claimx.read import format_for
    from claimx.render import document_dict

    reports, articles = _checked_inputs(paths)
    claims: list[CorpusClaim] = []
    for report in reports:
        for doc in read_checked(report):
            if doc.get("error") and errors is not None:
                errors.append(f"{doc.get('path')}: {doc['error']}")
            claims.extend(_claims_of(doc))
    if articles:
        options = PipelineOptions(max_bytes=sys.maxsize)
        tasks = (t for i, a in enumerate(articles)
                 for t in batch.file_tasks(i, a, str(a), options, format_for(str(a))))
        for _task, result in batch.run(tasks, jobs if len(articles) > 1 else 1, options):
            if result.error is not None:
                if errors is not None:
                    errors.append(f"{result.path}: {result.error}")
                continue
            claims.extend(_claims_of(document_dict(result)))
    return claims


# ------------------------------------------------------------------------------------------ aggregation


class _Normaliser:
    def __init__(self) -> None:
        from claimx.lexicon import default_lexicon

        self.lexicon = default_lexicon()
        self.interventions: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}

    def intervention(self, name: str) -> str:
        key = self.interventions.get(name)
        if key is None:
            from claimx.tag import intervention_key

            key = self.interventions[name] = intervention_key(name, self.lexicon)
        return key

    def outcome(self, claim: CorpusClaim) -> str:
        from claimx.lexicon import norm_key

        raw = claim.outcome_key or claim.outcome
        key = self.outcomes.get(raw)
        if key is None:
            key = norm_key(raw)
            entry = self.lexicon.outcomes.terms.get(key)
            key = self.outcomes[raw] = entry.canonical.lower() if entry is not None else key
        return key


def _cluster(keys: Iterable[str], same) -> dict[str, str]:
    """Each key -> the representative of its group: keys in sorted order join the first earlier
    representative that ``same`` accepts (deterministic)."""
    reps: list[str] = []
    out: dict[str, str] = {}
    for key in sorted(set(keys)):
        for rep in reps:
            if same(rep, key):
                out[key] = rep
                break
        else:
            reps.append(key)
            out[key] = key
    return out


def aggregate(claims: Iterable[CorpusClaim]) -> list[Pair]:
    """Intervention-outcome pairs, most articles first, with their cross-article contradictions."""
    from rapidfuzz import fuzz

    from claimx.check import CONFLICTS, same_outcome

    norm = _Normaliser()
    by_iv: dict[str, list[tuple[str, CorpusClaim]]] = defaultdict(list)
    claims = list(claims)
    iv_keys = {name: norm.intervention(name) for name in {c.intervention for c in claims}}
    iv_rep = _cluster((k for k in iv_keys.values() if k), lambda a, b: fuzz.ratio(a, b) >= FUZZY_INTERVENTION)
    for c in claims:
        key = iv_keys[c.intervention]
        if key:
            by_iv[iv_rep[key]].append((norm.outcome(c), c))
    pairs: list[Pair] = []
    for iv, members in by_iv.items():
        out_rep = _cluster((k for k, _ in members if k), same_outcome)
        groups: dict[str, list[CorpusClaim]] = defaultdict(list)
        for key, c in members:
            if key:
                groups[out_rep[key]].append(c)
        for outcome, cs in groups.items():
            cs.sort(key=lambda c: (c.path, c.line, c.claim_id))
            pair = Pair(iv, outcome, cs)
            first: dict[tuple[str, str], CorpusClaim] = {}  # (path, direction) -> its first claim
            for c in cs:
                first.setdefault((c.path, c.direction), c)
            keys = sorted(first)
            for i, (pa, da) in enumerate(keys):
                for pb, db in keys[i + 1:]:
                    if pa != pb and frozenset({da, db}) in CONFLICTS:
                        pair.contradicting_pairs += 1
                        if len(pair.contradictions) < MAX_LISTED:
                            pair.contradictions.append(Contradiction(first[(pa, da)], first[(pb, db)]))
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.articles(), -p.contradicting_pairs, p.intervention, p.outcome))
    return pairs


# ---------------------------------------------------------------------------------------------- render


def _claim_json(c: CorpusClaim) -> dict[str, Any]:
    return {"path": c.path, "claim": c.claim_id, "line": c.line, "intervention": c.intervention,
            "outcome": c.outcome, "direction": c.direction, "arrow": DIRECTION_ARROWS[c.direction],
            "hedged": c.hedged, "support": c.support, "sources": list(c.sources), "sentence": c.sentence}


def render_json(pairs: list[Pair], articles: int) -> str:
    from claimx import __version__

    payload = {
        "tool": {"name": "claimx", "version": __version__},
        "articles": articles,
        "pairs": [{"intervention": p.intervention, "outcome": p.outcome, "articles": p.articles(),
                   "directions": p.counts(), "contradicting_pairs": p.contradicting_pairs,
                   "contradictions": [{"a": _claim_json(x.a), "b": _claim_json(x.b)} for x in p.contradictions]}
                  for p in pairs],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("intervention", "outcome", "articles", "increase", "decrease", "no_change", "change",
               "contradicting_pairs", "example_a", "example_b")


def render_csv(pairs: list[Pair]) -> str:
    from claimx.render import neutralise

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in pairs:
        counts = p.counts()
        x = p.contradictions[0] if p.contradictions else None
        ex = [f"{c.path}:{c.line} {DIRECTION_ARROWS[c.direction]} {c.sentence}" for c in (x.a, x.b)] if x else ["", ""]
        writer.writerow([neutralise(str(v)) for v in (p.intervention, p.outcome, p.articles(),
                                                       *(counts[d] for d in DIRECTIONS), p.contradicting_pairs, *ex)])
    return buf.getvalue()


def render_table(pairs: list[Pair], articles: int, console) -> None:
    from rich.table import Table

    table = Table(title=f"Claims across {articles} articles", title_justify="left")
    for name, justify in (("Intervention", "left"), ("Outcome", "left"), ("Articles", "right"), ("↑", "right"),
                          ("↓", "right"), ("=", "right"), ("~", "right"), ("Conflicts", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in pairs:
        counts = p.counts()
        table.add_row(p.intervention, p.outcome, str(p.articles()), *(str(counts[d] or "") for d in DIRECTIONS),
                      str(p.contradicting_pairs or ""))
    console.print(table)
    listed = [(p, x) for p in pairs for x in p.contradictions]
    if listed:
        console.print(f"Cross-article contradictions ({sum(p.contradicting_pairs for p in pairs)}):")
    for p, x in listed:
        console.print(f"  {p.intervention} → {p.outcome}:")
        for c in (x.a, x.b):
            source = f" [{'; '.join(c.sources)}]" if c.sources else f" [{c.support}]"
            console.print(f"    {DIRECTION_ARROWS[c.direction]} {c.path}:{c.line} {c.sentence}{source}",
                          highlight=False, markup=False)


# ------------------------------------------------------------------------------------------------- CLI


class CorpusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def corpus_command(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files of articles, or JSON Lines / JSON "
                                                     "reports written by 'claimx check'.")],
    output_format: Annotated[CorpusFormat, typer.Option("--format", "-f", help="Output format.")] =
        CorpusFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    min_articles: Annotated[int, typer.Option(help="Show only pairs that this many articles make claims "
                                                   "about.")] = 1,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes for checking articles "
                                             "(default: the available cores).")] = None,
) -> None:
    """Group claims across many articles by intervention and outcome; count ↑ ↓ = ~ and list contradictions."""
    from claimx.batch import cpu_count

    errors: list[str] = []
    try:
        claims = load_claims(paths, jobs or cpu_count(), errors)
    except CorpusError as exc:
        sys.stderr.write(f"claimx: {exc}\n")
        raise typer.Exit(2) from None
    for e in errors:
        sys.stderr.write(f"claimx: {' '.join(e.split())}\n")
    articles = len({c.path for c in claims})
    pairs = [p for p in aggregate(claims) if p.articles() >= min_articles]
    if output_format == CorpusFormat.json:
        text = render_json(pairs, articles)
    elif output_format == CorpusFormat.csv:
        text = render_csv(pairs)
    else:
        from rich.console import Console

        console = Console(record=output is not None, width=120 if output is not None else None,
                          file=open(os.devnull, "w") if output is not None else None,  # noqa: SIM115
                          highlight=False)
        render_table(pairs, articles, console)
        text = console.export_text() if output is not None else None
    if text is not None:
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                sys.stderr.write(f"claimx: {output}: cannot write: {exc.strerror or exc}\n")
                raise typer.Exit(2) from None
        else:
            sys.stdout.write(text)
    raise typer.Exit(2 if errors else 0)
