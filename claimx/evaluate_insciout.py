"""``claimx eval`` on real writing: the InSciOut press releases and news statements (Sumner et al. 2014).

Three parts, each scoring exactly what ``claimx check`` reports (``Pipeline.check_text`` / ``check_path``):

``statements``
    ``insciout/statements_dev.jsonl``: every coded main statement and headline is checked as a one-line plain
    text. Statements whose causal code states a relationship (1 no relationship, 2 correlational, 4
    conditional causal, 5 "can", 6 causal) should give at least one claim: **found** is the share that do,
    split by kind (main statement / title). **IV+DV** is measured on the *matchable* statements only (both
    coded spans share a content word with the statement): a statement counts when one of its claims has an
    intervention sharing a content word with the coded intervention and an outcome sharing one with the coded
    outcome. **Strength** compares the strength of the best-matching claim (else the first claim) with the
    coded strength (2 correlational, 4 conditional causal, 5 and 6 direct causal), over the statements coded
    2/4/5/6 that gave a claim, and over all of them (no claim counts as wrong). **Direction for code 1** is the
    share of "no relationship" statements whose best claim says ``no_change``. **Statements without a
    relationship** (code 0) that still give a claim are reported as a share, for reference.

``releases``
    ``insciout/press_releases_dev.jsonl`` with ``press_releases_dev/``: each full release is checked, and its
    coded main statement must come out as a claim: some claim's sentence contains the statement, or matches it
    by ``fuzz.partial_ratio >= 90`` (statements are often clauses cut from a sentence). Claims per release
    are reported too.

``annotated``
    ``insciout/annotated_dev/gold/*.json``: the 10 fully annotated releases, scored exactly like the corpus
    part (claim-sentence precision/recall, triples, support...).

Nothing from the data is stored or printed: numbers only.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from claimx.records import Claim

if TYPE_CHECKING:
    from claimx.pipeline import Pipeline


def default_pipeline() -> Pipeline:
    """``claimx.pipeline.default_pipeline``, imported when first needed (``claimx --help`` loads no spaCy)."""
    from claimx.pipeline import default_pipeline as load

    return load()

STATEMENTS_FILE = "insciout/statements_dev.jsonl"
RELEASES_FILE = "insciout/press_releases_dev.jsonl"
RELEASES_DIR = "insciout/press_releases_dev"
ANNOTATED_DIR = "insciout/annotated_dev/gold"

RELATION_CODES = frozenset({1, 2, 4, 5, 6})
CODE_STRENGTH: dict[int, str] = {2: "correlational", 4: "conditional_causal", 5: "direct_causal", 6: "direct_causal"}
STATEMENT_PARTIAL_MIN = 90.0

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("""a an the of in on at to for from by with and or but not no than as is are was were be been
being that this these those it its their his her our your my we they he she you i who which what how why when
where there here has have had do does did can could may might will would should shall must also more less most
least very much many some any all each per into onto over under about after before between among during vs
versus""".split())


def content_words(text: str | None) -> frozenset[str]:
    """Lower-cased content words, with a plural -s removed, for loose span matching."""
    if not text:
        return frozenset()
    out = set()
    for w in _WORD.findall(text.lower()):
        if w in _STOP or len(w) < 3 or w.isdigit():
            continue
        out.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return frozenset(out)


def _ratio(n: int, d: int) -> dict[str, Any]:
    return {"value": round(n / d, 3) if d else None, "n": d, "correct": n}


@dataclass
class StatementsReport:
    counts: dict[str, list[int]] = field(default_factory=dict)  # name -> [correct, total]
    figures: dict[str, float] = field(default_factory=dict)  # other numbers (claims per release)
    elapsed: float = 0.0

    def add(self, name: str, ok: bool) -> None:
        c = self.counts.setdefault(name, [0, 0])
        c[0] += bool(ok)
        c[1] += 1

    def value(self, name: str) -> float | None:
        c = self.counts.get(name)
        return c[0] / c[1] if c and c[1] else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: _ratio(*v) for k, v in sorted(self.counts.items())}
        out.update({k: round(v, 3) for k, v in sorted(self.figures.items())})
        return out


def _pair_matches(claim: Claim, iv: frozenset[str], dv: frozenset[str]) -> bool:
    return bool(content_words(claim.intervention) & iv) and bool(content_words(claim.outcome) & dv)


def best_claim(claims: Sequence[Claim], iv: frozenset[str], dv: frozenset[str]) -> Claim | None:
    """The claim sharing most content words with the coded spans (outcome first); the first claim on ties."""
    if not claims:
        return None
    return max(claims, key=lambda c: (_pair_matches(c, iv, dv), len(content_words(c.outcome) & dv),
                                      len(content_words(c.intervention) & iv), -claims.index(c)))


def _code(row: dict[str, Any]) -> int | None:
    try:
        return int(row.get("causal_code"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def evaluate_statements(path: Path, pipeline: Pipeline | None = None, limit: int | None = None) -> StatementsReport:
    from claimx.evaluate import _check, sample  # claimx.evaluate imports this module

    t0 = time.perf_counter()
    pipeline = pipeline or default_pipeline()
    with path.open(encoding="utf-8") as fh:
        rows = sample([json.loads(line) for line in fh if line.strip()], limit)
    report = StatementsReport()
    for row in rows:
        code = _code(row)
        text = str(row.get("statement") or "")
        if code is None or code < 0 or not text.strip():
            continue
        claims = _check(pipeline, text, "<statement>").claims
        kind = "title" if row.get("kind") == "title" else "main"
        if code not in RELATION_CODES:
            if code == 0:
                report.add("code0_claim_reported", bool(claims))
            continue
        report.add("found", bool(claims))
        report.add(f"found_{kind}", bool(claims))
        iv, dv, words = (content_words(str(row.get("intervention") or "")),
                         content_words(str(row.get("outcome") or "")), content_words(text))
        best = best_claim(claims, iv, dv)
        if iv & words and dv & words:
            report.add("iv_dv_matchable", best is not None and _pair_matches(best, iv, dv))
        if code in CODE_STRENGTH:
            right = best is not None and best.strength == CODE_STRENGTH[code]
            report.add("strength_all", right)
            if best is not None:
                report.add("strength_found", right)
        if code == 1:
            report.add("no_relationship_direction", best is not None and best.direction == "no_change")
    report.elapsed = time.perf_counter() - t0
    return report


def statement_in(statement: str, sentences: Iterable[str]) -> bool:
    s = " ".join(statement.split()).strip(" .").casefold()
    if not s:
        return False
    for sent in sentences:
        t = " ".join(sent.split()).casefold()
        if s in t or (len(s) > 20 and fuzz.partial_ratio(s, t) >= STATEMENT_PARTIAL_MIN):
            return True
    return False


def evaluate_releases(path: Path, folder: Path, pipeline: Pipeline | None = None, limit: int | None = None
                      ) -> StatementsReport:
    from claimx.evaluate import sample

    t0 = time.perf_counter()
    pipeline = pipeline or default_pipeline()
    with path.open(encoding="utf-8") as fh:
        rows = sample([json.loads(line) for line in fh if line.strip()], limit)
    report = StatementsReport()
    n_claims = 0
    n_files = 0
    for row in rows:
        file = folder / str(row.get("file", ""))
        if not file.is_file():
            continue
        result = pipeline.check_path(file)
        n_files += 1
        n_claims += len(result.claims)
        code = _code(row)
        found = statement_in(str(row.get("statement") or ""), (c.sentence for c in result.claims))
        report.add("main_statement_found_all", found)
        if code in RELATION_CODES:
            report.add("main_statement_found", found)
    if n_files:
        report.figures["claims_per_release"] = n_claims / n_files
    report.elapsed = time.perf_counter() - t0
    return report
