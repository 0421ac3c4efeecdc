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
