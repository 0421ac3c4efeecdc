"""claimx check --dask: a LocalCluster of two worker processes gives the lines of a local run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app

distributed = pytest.importorskip("dask.distributed", reason="Dask is not installed (pip install 'claimx[dask]')")

runner = CliRunner()

TEXTS = (
    "Walking every day lowers blood pressure in older adults, according to the World Health Organization.",
    "Green tea may reduce LDL cholesterol, the authors wrote in the BMJ.",
    "Daily yoga improves sleep quality in people with insomnia, experts say.",
    "Creatine increases muscle strength in young men.",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("dask_articles")
    for i in range(9):
        (d / f"a{i}.txt").write_text("\n\n".join(TEXTS[: 1 + i % 4] * (1 + i)) + "\n", encoding="utf-8")
    (d / "big.txt").write_text("\n\n".join(TEXTS * 30) + "\n", encoding="utf-8")
    (d / "bad.txt").write_bytes(b"Not \xff UTF-8.\n")
    return d


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_a_local_cluster_run_equals_a_local_run_after_sorting(folder: Path, cluster, tmp_path: Path) -> None:
    out = tmp_path / "shards"
    res = runner.invoke(app, ["check", str(folder), "--dask", cluster.scheduler_address, "-o", str(out),
                              "--block-size", "0.002", "--isolated", "--exit-zero"])
    local = runner.invoke(app, ["check", str(folder), "-f", "jsonl", "--block-size", "0.002", "--isolated",
                                "--exit-zero", "--jobs", "1"])
    assert res.exit_code == local.exit_code == 2, res.stderr  # bad.txt
    shards = sorted(out.glob("part-*.jsonl"))
    assert len(shards) > 1
    lines = sorted(line for s in shards for line in s.read_text(encoding="utf-8").splitlines())
    assert lines == sorted(local.stdout.splitlines())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    docs = [json.loads(line) for line in local.stdout.splitlines()]
    assert summary["shards"] == [s.name for s in shards]
    assert summary["claims"] == sum(len(d["claims"]) for d in docs) > 20
    assert summary["findings"] == sum(len(d["findings"]) for d in docs)
    assert summary["documents"] == len(list(folder.iterdir()))
    assert [e.split(":")[0] for e in summary["errors"]] == [str(folder / "bad.txt")]


def test_dask_needs_an_output_folder(folder: Path) -> None:
    res = runner.invoke(app, ["check", str(folder), "--dask", "tcp://127.0.0.1:1", "--isolated"])
    assert res.exit_code == 2 and "--output" in res.stderr


def test_parquet_shards_hold_the_lines_of_the_jsonl_shards(folder: Path, cluster, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (pip install 'claimx[dask]')")
    from claimx.distributed import parquet_schema

    args = ["check", str(folder), "--dask", cluster.scheduler_address, "--block-size", "0.002", "--isolated",
            "--exit-zero"]
    as_jsonl = runner.invoke(app, [*args, "-o", str(tmp_path / "jsonl")])
    as_parquet = runner.invoke(app, [*args, "-o", str(tmp_path / "parquet"), "--shard-format", "parquet"])
    assert as_jsonl.exit_code == as_parquet.exit_code == 2, as_parquet.stderr  # bad.txt
    shards = sorted((tmp_path / "parquet").glob("part-*.parquet"))
    assert len(shards) > 1 and not list((tmp_path / "parquet").glob("*.jsonl"))
    jsonl = sorted(line for s in (tmp_path / "jsonl").glob("part-*.jsonl")
                   for line in s.read_text(encoding="utf-8").splitlines())
    tables = [pq.read_table(s) for s in shards]
    assert all(t.schema.equals(parquet_schema()) for t in tables)
    rows = [row for t in tables for row in t.to_pylist()]
    assert sorted(row["document"] for row in rows) == jsonl
    for row in rows:  # the query columns say what the document says
        doc = json.loads(row["document"])
        assert (row["path"], row["error"], row["format"]) == (doc["path"], doc["error"], doc["format"])
        assert row["claims"] == len(doc["claims"]) and row["codes"] == [f["code"] for f in doc["findings"]]
        assert row["section"] == (doc["section"]["index"] if "section" in doc else None)
    assert sum(row["section"] is not None for row in rows) > 1  # big.txt was checked in sections
    assert sum(row["error"] is not None for row in rows) == 1
    summary = json.loads((tmp_path / "parquet" / "summary.json").read_text(encoding="utf-8"))
    assert summary["shard_format"] == "parquet" and summary["shards"] == [s.name for s in shards]
    # claimx corpus aggregates Parquet shards exactly as the JSON Lines ones
    from_jsonl = runner.invoke(app, ["corpus", str(tmp_path / "jsonl"), "--format", "json"])
    from_parquet = runner.invoke(app, ["corpus", str(tmp_path / "parquet"), "--format", "json"])
    assert from_jsonl.exit_code == from_parquet.exit_code == 2  # bad.txt's error is reported, as in the shards
    assert "bad.txt" in from_parquet.stderr and from_parquet.stderr == from_jsonl.stderr
    assert from_parquet.stdout == from_jsonl.stdout and json.loads(from_parquet.stdout)["pairs"]


def test_shard_format_needs_dask(folder: Path) -> None:
    res = runner.invoke(app, ["check", str(folder), "--shard-format", "parquet", "--isolated"])
    assert res.exit_code == 2 and "--dask" in res.stderr
