"""Start-up: the commands that need no pipeline load neither spaCy nor the pipeline (no timings here: the
cold start is measured by hand, see "Start-up" in docs/many-articles.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["claimx", *sys.argv[1:]]
from claimx.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("spacy", "thinc", "claimx.api", "claimx.pipeline", "claimx.nlp") if m in sys.modules)
sys.stderr.write("HEAVY:" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--help"], ["rules"], ["rule", "CX101"], ["schema"], ["check", "--help"],
                                  ["eval", "--help"], ["corpus", "--help"]])
def test_light_commands_do_not_import_spacy(args: list[str]):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip(), proc.stderr  # the command did its work
    heavy = [line for line in proc.stderr.splitlines() if line.startswith("HEAVY:")]
    assert heavy == ["HEAVY:"], heavy


def test_check_still_imports_and_runs_the_pipeline(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Green tea extract reduced body weight in a trial of adults.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", PROBE, "check", "--format", "jsonl", str(article)],
                          capture_output=True, text=True, timeout=300)
    assert '"claims"' in proc.stdout
    assert "HEAVY:claimx.api,claimx.nlp,claimx.pipeline,spacy,thinc" in proc.stderr


SPACY_PROBE = """
import sys
import claimx  # installs the stand-in for spaCy's command line before spaCy is imported
import spacy
print("cli-loaded:", "weasel" in sys.modules or "spacy.cli" in sys.modules)
print("stub-left:", "spacy.cli.info" in sys.modules)
print("info:", sorted(spacy.info(silent=True))[:1] != [])
import spacy.cli
print("real-cli:", callable(spacy.cli.setup_cli))
"""


def test_spacy_is_imported_without_its_command_line():
    proc = subprocess.run([sys.executable, "-c", SPACY_PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    # spaCy's command line (typer apps, weasel, requests) is not loaded by ``import spacy`` after claimx ...
    assert "cli-loaded: False" in lines
    # ... the stand-in is gone once spaCy has taken ``spacy.info``, which still works ...
    assert "stub-left: False" in lines
    assert "info: True" in lines
    # ... and the real command line still imports when asked for
    assert "real-cli: True" in lines


def test_the_command_flushes_its_output_and_keeps_its_exit_status(tmp_path):
    # ``claimx`` ends without the interpreter's teardown (claimx.cli.console): what it wrote must still be
    # there, whole, and the exit status must be the command's
    article = tmp_path / "a.txt"
    article.write_text("Green tea extract reduced body weight in a trial of adults.\n" * 40, encoding="utf-8")
    found = subprocess.run([sys.executable, "-m", "claimx", "check", "--format", "json", str(article)],
                           capture_output=True, text=True, timeout=300)
    assert found.returncode == 1, found.stderr  # findings at the default --fail-on warning
    import json

    assert len(json.loads(found.stdout)["documents"][0]["claims"]) == 40
    quiet = subprocess.run([sys.executable, "-m", "claimx", "check", "--exit-zero", "-f", "jsonl", str(article)],
                           capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.endswith("\n") and len(json.loads(quiet.stdout)["claims"]) == 40
    bad = subprocess.run([sys.executable, "-m", "claimx", "check", str(tmp_path / "missing.txt")],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2
    assert "missing.txt" in bad.stderr


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), ("message", 1)])
def test_exit_status_follows_sys_exit(code, status, capsys):
    from claimx.cli import _exit_status

    assert _exit_status(code) == status
    assert ("message" in capsys.readouterr().err) == isinstance(code, str)
