#!/usr/bin/env python3
"""Check the claimx vocabularies in models/vocab/ (standard library only).

Usage:  python tools/check_vocab.py [VOCAB_DIR]      (default: models/vocab next to this script's repo)

Checks, per file:
  * a '#' header block first, then (TSV) the exact column line, then rows;
  * TSV rows have exactly 3 non-empty tab-separated fields, no stray or doubled whitespace;
  * category / domain values come from the fixed enums below;
  * no duplicate terms (also not case-insensitively) within a file;
  * case rule: lower-case except acronym tokens (CBT, SSRIs, GLP-1, vitamin D) and the few mixed-case
    forms listed in MIXED_CASE_OK (HbA1c, CoQ10, mRNA...); the same rule for canonical / concept;
  * every canonical / concept is itself a term of its file, and maps to a single category / domain;
  * rows sorted by (term.lower(), term); word lists sorted and lower-case; heads are single words;
  * files stay under 150 KB.
Across files:
  * no term is both an intervention and an outcome unless listed in dual_role_terms.txt;
  * no population word is an intervention or outcome term; no non-outcome word is an outcome term;
  * no drug_stoplist.txt entry is an intervention term (the stoplist must not silence our own terms).
Exit status 0 when all checks pass, 1 otherwise; problems are printed one per line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CATEGORIES = {"drug_class", "drug", "supplement", "vitamin_mineral", "therapy", "procedure", "device",
              "behaviour", "diet", "food", "substance", "exposure"}
DOMAINS = {"sleep", "mental_health", "cognition", "cardiometabolic", "pain", "inflammation_immune", "cancer",
           "respiratory", "musculoskeletal", "gastrointestinal", "reproductive", "paediatric", "infection",
           "mortality_general", "wellbeing", "biomarker"}
MIXED_CASE_OK = {"CoQ10", "CoA", "mRNA", "PrEP", "mHealth", "HbA1c", "HbA1C", "A1c", "ApoB", "HRQoL", "QoL",
                 "SpO2", "proBNP", "eGFR", "IgE", "IgG", "IgA", "Lp(a)", "HFpEF", "HFrEF", "AFib", "MetS",
                 "hsCRP", "TNFα", "Aβ", "VO2max", "VO2peak", "OHdG", "NfL", "mTBI", "MoCA", "Hb",
                 "CoV", "rTMS", "tDCS", "iCBT", "ctDNA", "QTc", "DTaP", "BiPAP", "axSpA", "MenB"}
MAX_BYTES = 150 * 1024

TSV_FILES = {
    "interventions.tsv": ("canonical", "category", CATEGORIES),
    "outcomes.tsv": ("concept", "domain", DOMAINS),
}
LIST_FILES = ["outcome_heads.txt", "populations.txt", "non_outcomes.txt", "drug_stoplist.txt",
              "dual_role_terms.txt"]

problems: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)


def is_acronym(piece: str) -> bool:
    if piece in MIXED_CASE_OK:
        return True
    core = piece[:-1] if len(piece) > 1 and piece.endswith("s") and piece[-2].isupper() else piece
    return not any(c.islower() for c in core)


def case_ok(term: str) -> bool:
    """Lower-case, except pieces (split on spaces, '-' and '/') that are acronyms."""
    return all(not (any(c.isupper() for c in piece) and not is_acronym(piece)) for piece in re.split(r"[ /-]", term))


def sort_key(s: str) -> tuple[str, str]:
    return (s.lower(), s)


def read_lines(path: Path) -> tuple[list[str], list[tuple[int, str]]]:
    """Split a file into its leading '#' header block and the numbered lines after it."""
    header, body = [], []
    in_header = True
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if in_header and line.startswith("#"):
            header.append(line)
            continue
        in_header = False
        if line == "" and n > 1:
            continue  # trailing newline / blank lines
        body.append((n, line))
    if not header:
        problem(f"{path.name}: missing '#' header lines (source, build, columns)")
    return header, body


def check_tsv(path: Path, col2: str, col3: str, enum: set[str]) -> dict[str, tuple[str, str]]:
    _, body = read_lines(path)
    rows: dict[str, tuple[str, str]] = {}
    if not body or body[0][1] != f"term\t{col2}\t{col3}":
        problem(f"{path.name}: first line after the header must be 'term\\t{col2}\\t{col3}'")
        return rows
    seen_lower: dict[str, str] = {}
    order = []
    for n, line in body[1:]:
        where = f"{path.name}:{n}"
        if line.startswith("#"):
            problem(f"{where}: comment line inside the data")
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(fields):
            problem(f"{where}: expected 3 non-empty tab-separated fields: {line!r}")
            continue
        term, canon, cls = fields
        for f in fields:
            if f != f.strip() or "  " in f:
                problem(f"{where}: stray whitespace in {f!r}")
        if cls not in enum:
            problem(f"{where}: {col3} {cls!r} is not one of {sorted(enum)}")
        if not case_ok(term):
            problem(f"{where}: term {term!r} must be lower-case except acronyms")
        if not case_ok(canon):
            problem(f"{where}: {col2} {canon!r} must be lower-case except acronyms")
        if term in rows:
            problem(f"{where}: duplicate term {term!r}")
            continue
        if term.lower() in seen_lower:
            problem(f"{where}: {term!r} duplicates {seen_lower[term.lower()]!r} case-insensitively")
        seen_lower[term.lower()] = term
        rows[term] = (canon, cls)
        order.append(term)
    if order != sorted(order, key=sort_key):
        problem(f"{path.name}: rows are not sorted by (term.lower(), term)")
    cls_of: dict[str, str] = {}
    for term, (canon, cls) in rows.items():
        if canon not in rows:
            problem(f"{path.name}: {col2} {canon!r} (of {term!r}) is not itself a term")
        if cls_of.setdefault(canon, cls) != cls:
            problem(f"{path.name}: {col2} {canon!r} has more than one {col3}: {cls_of[canon]}, {cls}")
    return rows


def check_list(path: Path, lower: bool = True, single_word: bool = False) -> list[str]:
    _, body = read_lines(path)
    items = []
    for n, line in body:
        where = f"{path.name}:{n}"
        if line != line.strip() or "  " in line or "\t" in line:
            problem(f"{where}: stray whitespace in {line!r}")
        if lower and line != line.lower():
            problem(f"{where}: {line!r} must be lower-case")
        if single_word and " " in line:
            problem(f"{where}: {line!r} must be a single word")
        items.append(line)
    dups = {x for x in items if items.count(x) > 1}
    for d in sorted(dups):
        problem(f"{path.name}: duplicate entry {d!r}")
    if items != sorted(items):
        problem(f"{path.name}: entries are not sorted")
    return items


def main(argv: list[str]) -> int:
    vocab = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "models" / "vocab"
    tables = {}
    for name, (c2, c3, enum) in TSV_FILES.items():
        p = vocab / name
        if not p.is_file():
            problem(f"{name}: missing")
            continue
        tables[name] = check_tsv(p, c2, c3, enum)
    lists = {}
    for name in LIST_FILES:
        p = vocab / name
        if not p.is_file():
            problem(f"{name}: missing")
            continue
        lists[name] = check_list(p, lower=True, single_word=(name == "outcome_heads.txt"))
    for p in sorted(vocab.iterdir()):
        if p.is_file() and p.stat().st_size > MAX_BYTES:
            problem(f"{p.name}: {p.stat().st_size} bytes, over {MAX_BYTES}")

    inter = {t.lower() for t in tables.get("interventions.tsv", {})}
    outc = {t.lower() for t in tables.get("outcomes.tsv", {})}
    dual = set(lists.get("dual_role_terms.txt", []))
    for t in sorted((inter & outc) - dual):
        problem(f"{t!r} is both an intervention and an outcome; add it to dual_role_terms.txt if intended")
    for t in sorted(dual - (inter & outc)):
        problem(f"dual_role_terms.txt: {t!r} is not in both interventions.tsv and outcomes.tsv")
    for t in sorted(set(lists.get("populations.txt", [])) & (inter | outc)):
        problem(f"populations.txt: {t!r} is also an intervention or outcome term")
    for t in sorted(set(lists.get("non_outcomes.txt", [])) & outc):
        problem(f"non_outcomes.txt: {t!r} is also an outcome term")
    for t in sorted(set(lists.get("drug_stoplist.txt", [])) & inter):
        problem(f"drug_stoplist.txt: {t!r} is an intervention term and must not be stoplisted")

    for msg in problems:
        print(msg)
    counts = ", ".join(f"{k} {len(v)}" for k, v in {**tables, **lists}.items())
    print(f"check_vocab: {len(problems)} problem(s); {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
