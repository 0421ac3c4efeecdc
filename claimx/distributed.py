"""Distributed runs on Dask: ``claimx check --dask ADDRESS -o DIR``.

The inputs are cut into partitions of a few files each, submitted to the cluster as futures
(``dask.distributed``); each worker process loads the pipeline once (``claimx.batch.pipeline_for`` keeps it
between tasks), checks its partition exactly as a local run does (large files in sections) and returns the
JSON Lines of its documents, which the client writes as one shard per partition
(``DIR/part-00000.jsonl``...), plus a merged ``DIR/summary.json``. The lines of all shards, sorted, are the
lines of a local ``--format jsonl`` run, sorted.

``--shard-format parquet`` writes Apache Parquet shards instead (``DIR/part-00000.parquet``..., written with
pyarrow, part of the ``dask`` extra), one row per document (or section of a large file) in the fixed schema
:data:`PARQUET_COLUMNS`: the document's path, format, encoding, error, section, claim and finding counts and
finding codes as columns for querying, and ``document``, its JSON Lines line exactly as the JSONL shard
holds it (the whole report, for ``claimx corpus`` and for JSON functions of query engines).

Workers read the input files at the paths the client gives, so the files must be visible to them at the same
paths (a shared filesystem, or a cluster on this machine). ``ADDRESS`` is a scheduler address
(``tcp://host:8786``), or ``local`` / ``local:N`` to start a ``LocalCluster`` of N worker processes here.

Needs the optional extra: ``pip install 'claimx[dask]'``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

SHARD = "part-{:05d}.jsonl"
SHARD_FORMATS = ("jsonl", "parquet")
PARTITIONS_PER_WORKER = 4

#: Columns of a Parquet shard: (name, pyarrow type name, nullable).
PARQUET_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("path", "string", False),
    ("format", "string", True),
    ("encoding", "string", True),
    ("error", "string", True),
    ("section", "int32", True),  # index of the section of a large file checked in sections
    ("section_last", "bool", True),
    ("claims", "int32", False),
    ("findings", "int32", False),
    ("codes", "list<string>", False),  # the findings' rule codes, in order
    ("schema_version", "int32", False),
    ("document", "string", False),  # the JSON Lines line of the document
)


def shard_name(n: int, fmt: str = "jsonl") -> str:
    return SHARD.format(n) if fmt == "jsonl" else f"part-{n:05d}.{fmt}"


def parquet_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[kind], nullable=nullable) for name, kind, nullable in PARQUET_COLUMNS])


def parquet_table(jsonl: str):
    """The Parquet shard (a ``pyarrow.Table``) of JSON Lines of documents."""
    import pyarrow as pa

    lines = jsonl.splitlines()
    docs = [json.loads(line) for line in lines]
    sections = [d.get("section") or {} for d in docs]
    columns = {
        "path": [d["path"] for d in docs],
        "format": [d.get("format") for d in docs],
        "encoding": [d.get("encoding") for d in docs],
        "error": [d.get("error") for d in docs],
        "section": [s.get("index") for s in sections],
        "section_last": [s.get("last") for s in sections],
        "claims": [len(d.get("claims") or ()) for d in docs],
        "findings": [len(d.get("findings") or ()) for d in docs],
        "codes": [[f["code"] for f in d.get("findings") or ()] for d in docs],
        "schema_version": [d["schema_version"] for d in docs],
        "document": lines,
    }
    return pa.table(columns, schema=parquet_schema())


def read_parquet_lines(path: Path) -> list[str]:
    """The JSON Lines lines of the documents of a Parquet shard."""
    import pyarrow.parquet as pq

    return [str(x) for x in pq.read_table(path, columns=["document"]).column("document").to_pylist()]


def _write_shard(path: Path, jsonl: str, fmt: str) -> None:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(parquet_table(jsonl), path)
    else:
        path.write_text(jsonl, encoding="utf-8")


def _err(message: str) -> None:
    sys.stderr.write(f"claimx: {' '.join(str(message).split())}\n")


def check_partition(items: list[tuple[int, str, str | None, Any, Any]], block_chars: int, max_bytes: int,
                    fail_on: str | None, exit_zero: bool) -> dict[str, Any]:
    """Runs on a worker: check the partition's inputs ``(tag, display, error, settings, options)``; returns its
    JSON Lines and counts."""
    from claimx import batch
    from claimx.api import post_process
    from claimx.policy import exit_code
    from claimx.read import format_for
    from claimx.render import document_dict
    from claimx.render_stream import SCHEMA_VERSION

    def tasks():
        for tag, display, error, _settings, options in items:
            if error is not None:
                yield batch.Task(tag, display, None, error=error)
            else:
                yield from batch.file_tasks(tag, Path(display), display, options, format_for(display), block_chars,
                                            max_bytes)

    settings_of = {tag: settings for tag, _, _, settings, _ in items}
    lines: list[str] = []
    codes: Counter[str] = Counter()
    errors: list[str] = []
    documents = claims = findings = 0
    code = 0
    for task, result in batch.run(tasks(), 1):
        settings = settings_of[task.tag]
        if result.error is not None:
            errors.append(f"{result.path}: {result.error}")
        elif settings is not None:
            result = post_process(result, settings)
        if task.section is None or task.last or result.error is not None:
            documents += 1
        claims += len(result.claims)
        findings += len(result.findings)
        codes.update(f.code for f in result.findings)
        level = fail_on or (settings.fail_on if settings is not None else "warning")
        code = max(code, exit_code(result.findings, level, exit_zero, False))
        lines.append(json.dumps({"schema_version": SCHEMA_VERSION, **document_dict(result)}, ensure_ascii=False))
    return {"jsonl": "".join(line + "\n" for line in lines), "documents": documents, "claims": claims,
            "findings": findings, "codes": dict(codes), "errors": errors, "code": code}


def _client(address: str):
    from dask.distributed import Client, LocalCluster

    if address == "local" or address.startswith("local:"):
        n = int(address.partition(":")[2] or 0) or None
        from claimx.batch import cpu_count

        cluster = LocalCluster(n_workers=n or cpu_count(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(address, timeout="30s"), None


def run_on_dask(address: str, checker, sources, output: Path | None, quiet: bool, fail_on: str | None = None,
                exit_zero: bool = False, shard_format: str = "jsonl") -> int:
    """The exit code of a distributed run of ``sources`` (``claimx.api.Source``) with the settings, section
    size and size limit of ``checker`` (``claimx.api.Checker``), writing ``shard_format`` shards (``jsonl``
    or ``parquet``); see the module docstring."""
    from claimx.config import Settings

    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        _err("--dask needs Dask: pip install 'claimx[dask]'")
        return 2
    if shard_format not in SHARD_FORMATS:
        _err(f"--shard-format: expected one of {', '.join(SHARD_FORMATS)}")
        return 2
    if shard_format == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            _err("--shard-format parquet needs pyarrow: pip install 'claimx[dask]'")
            return 2
    if output is None or (output.exists() and not output.is_dir()):
        _err("--dask writes its shards to a folder: give it with --output DIR")
        return 2
    block_chars, max_bytes = checker.block_chars, checker.max_bytes
    items = []
    for tag, source in enumerate(sources):
        if source.path is None:
            _err("--dask cannot read standard input; give files or folders")
            return 2
        settings = checker.source_settings(source)
        if not isinstance(settings, Settings):
            items.append((tag, source.display, str(settings), None, None))
        elif source.error is not None:
            items.append((tag, source.display, source.error, None, None))
        else:
            items.append((tag, str(source.path), None, settings, checker.options(settings)))
    try:
        output.mkdir(parents=True, exist_ok=True)
        for fmt in SHARD_FORMATS:
            for old in output.glob(f"part-*.{fmt}"):
                old.unlink()
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        return 2
    try:
        client, cluster = _client(address)
    except (OSError, TimeoutError, ValueError) as exc:
        _err(f"cannot connect to the Dask scheduler at {address}: {exc}")
        return 2
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, -(-len(items) // (PARTITIONS_PER_WORKER * workers)))
        parts = [items[i:i + size] for i in range(0, len(items), size)]
        from dask.distributed import as_completed

        futures = {client.submit(check_partition, part, block_chars, max_bytes, fail_on, exit_zero, pure=False): n
                   for n, part in enumerate(parts)}
        total: Counter[str] = Counter()
        codes: Counter[str] = Counter()
        errors: list[str] = []
        code = 0
        for future in as_completed(futures):
            n = futures[future]
            out = future.result()
            _write_shard(output / shard_name(n, shard_format), out["jsonl"], shard_format)
            total.update({k: out[k] for k in ("documents", "claims", "findings")})
            codes.update(out["codes"])
            errors.extend(out["errors"])
            code = max(code, out["code"])
            future.release()
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary = {"shards": [shard_name(n, shard_format) for n in range(len(parts))], "shard_format": shard_format,
               "workers": workers,
               "documents": total["documents"], "claims": total["claims"], "findings": total["findings"],
               "codes": dict(sorted(codes.items())), "errors": sorted(errors)}
    (output / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for e in sorted(errors):
        _err(e)
    if not quiet:
        sys.stderr.write(f"claimx: {total['documents']} documents, {total['claims']} claims, {total['findings']} "
                         f"findings in {len(parts)} shards in {output}\n")
    return 2 if errors else code
