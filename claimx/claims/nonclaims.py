"""Non-claim sentences: questions, headings of advice, meta sentences, research in progress.

The patterns are data (``models/patterns/nonclaims.yaml``, one list of regular expressions per category,
anchored at the sentence start or anywhere); a sentence that matches one is not read for claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimx.claims.spans import syntax_words
from claimx.lexicon import load_yaml

LEADING = re.compile(r"^[\s\"'“‘(\[*>•\-–]+")


@dataclass(frozen=True, slots=True)
class NonClaimRule:
    category: str
    regex: re.Pattern[str]
    at_start: bool


@cache
def nonclaim_rules() -> tuple[NonClaimRule, ...]:
    """The non-claim patterns, one combined regular expression per category and anchoring."""
    data = load_yaml("patterns", "nonclaims.yaml")
    rules = []
    for category, entries in data.items():
        for at_start in (True, False):
            parts = [e["regex"] for e in entries or [] if (e.get("where", "any") == "start") == at_start]
            if parts:
                rules.append(NonClaimRule(category, re.compile("|".join(f"(?:{p})" for p in parts),
                                                              re.IGNORECASE), at_start))
    return tuple(rules)


@cache
def _clause_break() -> re.Pattern[str]:
    words = sorted(syntax_words("nonclaim_clause_breaks"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def nonclaim_reason(text: str) -> str | None:
    """The non-claim category of a sentence ("question", a category of the data file), or None.

    A research-in-progress pattern searched anywhere counts only in the sentence's first clause: "X reduced
    pain, but larger trials are needed" states its finding before the caveat (``nonclaim_clause_breaks`` and
    ``nonclaim_clause_scoped`` in ``models/patterns/syntax.yaml``)."""
    body = LEADING.sub("", text)
    if body.rstrip().rstrip("\"'”’)]").endswith("?"):
        return "question"
    cut = _clause_break().search(body)
    first = body[:cut.start()] if cut is not None else body
    for rule in nonclaim_rules():
        scoped = rule.category in syntax_words("nonclaim_clause_scoped")
        m = rule.regex.match(body) if rule.at_start else rule.regex.search(first if scoped else body)
        if m:
            return rule.category
    return None
