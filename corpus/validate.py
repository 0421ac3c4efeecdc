#!/usr/bin/env python3
"""Validate the gold annotations of the claimx evaluation corpus.

Usage: python3 corpus/validate.py [GOLD.json ...]

Without arguments every corpus/*.gold.json is checked. Exit status 0 when all
files pass, 1 otherwise. Standard library only (Python 3.11).
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FORMATS = {"text", "markdown", "html"}
DIRECTIONS = {"increase", "decrease", "no_change", "change"}
STRENGTHS = {"correlational", "conditional_causal", "direct_causal"}
EVIDENCE = {"meta_analysis", "rct", "observational", "animal", "in_vitro",
            "case_report", "anecdote", "unknown"}
SUPPORT = {"cited", "named", "vague", "none"}
INTERVENTION_SOURCES = {"sentence", "previous_sentence", "article"}
SOURCE_KINDS = {"citation", "doi", "pmid", "pmcid", "registration", "url", "journal", "publisher", "agency", "person",
                "organization", "instrument", "study_design", "vague"}
# kinds whose canonical is a registry name; all other kinds have canonical null
NAMED_KINDS = {"journal", "publisher", "agency", "organization", "instrument", "study_design", "person"}
# kinds that make a claim "cited", and the kinds that make it at least "named"
CITED_KINDS = {"citation", "doi", "pmid", "pmcid", "registration", "url"}
NAMING_KINDS = {"journal", "publisher", "agency", "organization", "instrument", "person"}
RANK = {"none": 0, "vague": 1, "named": 2, "cited": 3}

TOP_KEYS = {"article", "format", "style", "topic", "main_intervention", "claims",
            "contradictions", "non_claims"}
CLAIM_KEYS = {"id", "sentence", "intervention", "intervention_source", "outcome",
              "direction", "hedged", "negated", "strength", "evidence", "support",
              "sources", "unsupported"}
# optional: where support from outside the sentence comes from (a quote's attribution elsewhere in the
# paragraph, or the study the sentence refers back to); support may then be stronger than its sources imply
OPTIONAL_CLAIM_KEYS = {"support_via"}
SOURCE_KEYS = {"mention", "kind", "canonical"}
EXT_FORMAT = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}


def strip_markdown(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)   # [t](u) -> t
    text = text.replace("**", "").replace("_", "").replace("#", "")
    return text


def strip_html(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    text = re.sub(r"(?s)<!--.*?-->", " ", text)
    text = re.sub(r"<[^>]+>", "", text)          # tags removed (block tags sit on their own lines)
    text = html.unescape(text)
    return text.replace("\xa0", " ")


def extract(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    fmt = EXT_FORMAT.get(path.suffix.lower(), "text")
    if fmt == "markdown":
        raw = strip_markdown(raw)
    elif fmt == "html":
        raw = strip_html(raw)
    return normalise(raw)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def check_file(gold_path: Path) -> list[str]:
    errs: list[str] = []

    def err(msg: str) -> None:
        errs.append(f"{gold_path.name}: {msg}")

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{gold_path.name}: cannot read JSON: {exc}"]
    if not isinstance(gold, dict):
        return [f"{gold_path.name}: top level is not an object"]

    missing = TOP_KEYS - gold.keys()
    extra = gold.keys() - TOP_KEYS
    if missing:
        err(f"missing keys {sorted(missing)}")
    if extra:
        err(f"unknown keys {sorted(extra)}")
    if missing:
        return errs

    article_path = HERE / gold["article"]
    expected_gold = gold["article"].rsplit(".", 1)[0] + ".gold.json"
    if gold_path.name != expected_gold:
        err(f"gold file name should be {expected_gold}")
    if not article_path.is_file():
        err(f"article {gold['article']} not found")
        text = None
    else:
        text = extract(article_path)
        fmt = EXT_FORMAT.get(article_path.suffix.lower())
        if gold["format"] != fmt:
            err(f"format {gold['format']!r} does not match extension ({fmt!r})")
    if gold["format"] not in FORMATS:
        err(f"format {gold['format']!r} not in {sorted(FORMATS)}")
    for key in ("style", "topic", "main_intervention"):
        if not isinstance(gold[key], str) or not gold[key].strip():
            err(f"{key} must be a non-empty string")

    claims = gold["claims"]
    if not isinstance(claims, list) or not claims:
        err("claims must be a non-empty list")
        claims = []
    ids: set[str] = set()
    for i, c in enumerate(claims):
        where = f"claim #{i + 1} ({c.get('id', '?') if isinstance(c, dict) else '?'})"
        if not isinstance(c, dict):
            err(f"{where}: not an object")
            continue
        cm, cx = CLAIM_KEYS - c.keys(), c.keys() - CLAIM_KEYS - OPTIONAL_CLAIM_KEYS
        if cm:
            err(f"{where}: missing keys {sorted(cm)}")
            continue
        if cx:
            err(f"{where}: unknown keys {sorted(cx)}")
        cid = c["id"]
        if not isinstance(cid, str) or not re.fullmatch(r"c\d+", cid):
            err(f"{where}: id must look like c1, c2, ...")
        if cid in ids:
            err(f"{where}: duplicate id {cid}")
        ids.add(cid)
        s = c["sentence"]
        if not isinstance(s, str) or not s.strip():
            err(f"{where}: empty sentence")
            continue
        if s != s.strip() or "  " in s or "\n" in s:
            err(f"{where}: sentence has stray whitespace")
        for key, allowed in (("direction", DIRECTIONS), ("strength", STRENGTHS),
                             ("evidence", EVIDENCE), ("support", SUPPORT),
                             ("intervention_source", INTERVENTION_SOURCES)):
            if c[key] not in allowed:
                err(f"{where}: {key} {c[key]!r} not in {sorted(allowed)}")
        for key in ("hedged", "negated", "unsupported"):
            if not isinstance(c[key], bool):
                err(f"{where}: {key} must be true/false")
        if c["unsupported"] != (c["support"] != "cited"):
            err(f"{where}: unsupported must be true exactly when support != 'cited'")
        if c["negated"] and c["direction"] != "no_change":
            err(f"{where}: a negated claim must have direction no_change")
        for key in ("intervention", "outcome"):
            if not isinstance(c[key], str) or not c[key].strip():
                err(f"{where}: {key} must be a non-empty string")
        if isinstance(c["outcome"], str) and c["outcome"] not in s:
            err(f"{where}: outcome {c['outcome']!r} is not a substring of the sentence")
        if c["intervention_source"] == "sentence":
            if isinstance(c["intervention"], str) and c["intervention"] not in s:
                err(f"{where}: intervention {c['intervention']!r} is not a substring of the sentence")
        elif text is not None and isinstance(c["intervention"], str) \
                and c["intervention"].lower() not in text.lower():
            err(f"{where}: inherited intervention {c['intervention']!r} not found in the article")
        sources = c["sources"]
        if not isinstance(sources, list):
            err(f"{where}: sources must be a list")
            sources = []
        kinds = set()
        for src in sources:
            if not isinstance(src, dict) or set(src.keys()) != SOURCE_KEYS:
                err(f"{where}: source {src!r} must have exactly {sorted(SOURCE_KEYS)}")
                continue
            kinds.add(src["kind"])
            if src["kind"] not in SOURCE_KINDS:
                err(f"{where}: source kind {src['kind']!r} not in {sorted(SOURCE_KINDS)}")
            if not isinstance(src["mention"], str) or src["mention"] not in s:
                err(f"{where}: source mention {src['mention']!r} is not a substring of the sentence")
            if src["kind"] in NAMED_KINDS:
                if not isinstance(src["canonical"], str) or not src["canonical"].strip():
                    err(f"{where}: source {src['mention']!r} of kind {src['kind']} needs a canonical name")
            elif src["canonical"] is not None:
                err(f"{where}: source {src['mention']!r} of kind {src['kind']} must have canonical null")
        # support level must agree with the strongest source kind
        if kinds & CITED_KINDS:
            expected = "cited"
        elif kinds & NAMING_KINDS:
            expected = "named"
        elif kinds:
            expected = "vague"
        else:
            expected = "none"
        via = c.get("support_via")
        if via is not None and (not isinstance(via, str) or not via.strip()):
            err(f"{where}: support_via must be a non-empty string")
        if via and c["support"] in RANK and RANK[c["support"]] < RANK[expected]:
            err(f"{where}: support {c['support']!r} is weaker than its sources imply ({expected!r})")
        elif not via and c["support"] != expected:
            err(f"{where}: support {c['support']!r} but its sources imply {expected!r}")
        if text is not None and normalise(s) not in text:
            err(f"{where}: sentence not found in article text: {s!r}")

    contradictions = gold["contradictions"]
    seen_pairs: set[frozenset] = set()
    if not isinstance(contradictions, list):
        err("contradictions must be a list")
        contradictions = []
    by_id = {c["id"]: c for c in claims if isinstance(c, dict) and "id" in c}
    for pair in contradictions:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            err(f"contradiction {pair!r} must be a pair of claim ids")
            continue
        a, b = pair
        if a == b:
            err(f"contradiction {pair!r} pairs a claim with itself")
        for x in pair:
            if x not in ids:
                err(f"contradiction {pair!r}: unknown claim id {x}")
        key = frozenset(pair)
        if key in seen_pairs:
            err(f"contradiction {pair!r} listed twice")
        seen_pairs.add(key)
        if a in by_id and b in by_id:
            da, db = by_id[a].get("direction"), by_id[b].get("direction")
            conflict = ({da, db} == {"increase", "decrease"}
                        or (da != db and "no_change" in (da, db)))
            if not conflict:
                err(f"contradiction {pair!r}: directions {da}/{db} do not conflict")
    # identical intervention and outcome (case-insensitive) with conflicting directions must be listed
    plain = [c for c in claims if isinstance(c, dict) and CLAIM_KEYS <= c.keys()]
    for i, a in enumerate(plain):
        for b in plain[i + 1:]:
            same = (str(a["intervention"]).casefold() == str(b["intervention"]).casefold()
                    and str(a["outcome"]).casefold() == str(b["outcome"]).casefold())
            da, db = a["direction"], b["direction"]
            conflict = {da, db} == {"increase", "decrease"} or (da != db and "no_change" in (da, db))
            if same and conflict and frozenset((a["id"], b["id"])) not in seen_pairs:
                err(f"claims {a['id']} and {b['id']} conflict on the same intervention and outcome "
                    f"but are not listed in contradictions")

    non_claims = gold["non_claims"]
    if not isinstance(non_claims, list) or not 3 <= len(non_claims) <= 8:
        err("non_claims must be a list of 3 to 8 sentences")
        non_claims = non_claims if isinstance(non_claims, list) else []
    claim_sentences = {c.get("sentence") for c in claims if isinstance(c, dict)}
    for nc in non_claims:
        if not isinstance(nc, str) or not nc.strip():
            err(f"non_claim {nc!r} must be a non-empty string")
            continue
        if nc in claim_sentences:
            err(f"non_claim is also a claim sentence: {nc!r}")
        if text is not None and normalise(nc) not in text:
            err(f"non_claim not found in article text: {nc!r}")
    return errs


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] if argv else sorted(HERE.glob("*.gold.json"))
    if not paths:
        print("no gold files found", file=sys.stderr)
        return 1
    all_errs: list[str] = []
    if not argv:   # every article in the corpus needs a gold file
        for art in sorted(HERE.iterdir()):
            if art.suffix.lower() in EXT_FORMAT and art.name != "README.md" \
                    and not (HERE / (art.stem + ".gold.json")).is_file():
                all_errs.append(f"{art.name}: article has no gold file {art.stem}.gold.json")
    n_claims = 0
    for p in paths:
        errs = check_file(p)
        all_errs.extend(errs)
        try:
            n_claims += len(json.loads(p.read_text(encoding="utf-8")).get("claims", []))
        except (OSError, json.JSONDecodeError, AttributeError):
            pass
        print(f"{'FAIL' if errs else 'ok  '} {p.name}")
    for e in all_errs:
        print("  " + e)
    print(f"{len(paths)} gold files, {n_claims} claims, {len(all_errs)} problems")
    return 1 if all_errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
