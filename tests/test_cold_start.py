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
