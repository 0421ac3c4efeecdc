"""Reproduce claimx's syntactic model: ``python -m training.syntax [--treebanks DIR] [--out DIR]``.

Steps: gunzip the UD English-EWT .conllu files, convert them to spaCy's DocBin format (one sentence per doc,
multi-word tokens kept as their words, as spaCy's tokenizer splits "don't" into "do" + "n't"), train with
``training/syntax/config.cfg``, score the best model on the EWT *test* set, and copy it to ``models/syntax/``
with the scores in ``models/syntax/scores.json``. Training takes about an hour on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def run(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True)


def convert(treebanks: Path, work: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for split in ("train", "dev", "test"):
        conllu = work / f"en_ewt-ud-{split}.conllu"
        with gzip.open(treebanks / f"en_ewt-ud-{split}.conllu.gz", "rb") as src, conllu.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        run(sys.executable, "-m", "spacy", "convert", str(conllu), str(work), "--converter", "conllu",
            "--n-sents", "1")
        out[split] = work / f"en_ewt-ud-{split}.spacy"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--treebanks", type=Path, default=ROOT.parent / "shared" / "data" / "treebanks")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "syntax")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "syntax")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--card-only", action="store_true", help="only rewrite OUT/README.md from OUT/scores.json")
    args = parser.parse_args()
    if args.card_only:
        write_card(args.out, json.loads((args.out / "scores.json").read_text()))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    data = convert(args.treebanks, args.work)
    started = time.monotonic()
    run(sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"), "--output", str(args.work / "out"),
        "--code", str(HERE / "augment.py"), "--paths.train", str(data["train"]), "--paths.dev", str(data["dev"]))
    minutes = (time.monotonic() - started) / 60
    best = args.work / "out" / "model-best"
    test_scores = args.work / "test_scores.json"
    run(sys.executable, "-m", "spacy", "evaluate", str(best), str(data["test"]), "--output", str(test_scores),
        "--code", str(HERE / "augment.py"))
    scores = json.loads(test_scores.read_text())
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(best, args.out)
    summary = {key: round(scores[key], 4) for key in ("tag_acc", "pos_acc", "morph_acc", "lemma_acc", "dep_uas",
                                                      "dep_las", "speed") if key in scores}
    summary["training_minutes"] = round(minutes, 1)
    summary["threads"] = args.threads
    (args.out / "scores.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    write_card(args.out, summary)
    print(json.dumps(summary, indent=2))


NAMES = {"dep_uas": "UAS", "dep_las": "LAS", "pos_acc": "UPOS accuracy", "tag_acc": "XPOS accuracy",
         "morph_acc": "morphological features accuracy", "lemma_acc": "lemma accuracy",
         "speed": "words per second (evaluation, 1 core)"}


def write_card(out: Path, summary: dict) -> None:
    """``out/README.md`` from ``MODEL_CARD.md`` with the scores filled in."""
    rows = "\n".join(f"| {NAMES[k]} | {summary[k]:.3f} |" if k != "speed" else f"| {NAMES[k]} | {summary[k]:.0f} |"
                     for k in NAMES if k in summary)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
    card = (HERE / "MODEL_CARD.md").read_text(encoding="utf-8")
    card = card.replace("{scores}", rows).replace("{minutes}", f"{summary.get('training_minutes', 0):.0f}")
    (out / "README.md").write_text(card.replace("{size}", f"{size:.1f} MB"), encoding="utf-8")


if __name__ == "__main__":
    main()
