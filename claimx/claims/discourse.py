"""Discourse: the intervention of a claim whose sentence names none ("It also lowers blood pressure").

A step of its own, applied to a sentence's claims after they are read and built: a claim built without an
intervention (``intervention_source == "article"``, ``intervention == ""``) takes the intervention of the
previous sentence when that sentence is in the same paragraph (no blank line between them) and named one,
else the article's main intervention (the one mentioned most often; ``finish``). Without a main
intervention such a claim keeps its referring noun phrase ("the new pill", carried in ``intervention`` with
its span) as named in its own sentence; a trial result ("Pain scores were lower in the treatment group (p =
0.01)": a statistic or a comparison of arms, ``is_result``) stays with its intervention unnamed (""); any
other claim with nothing at all ("It lowers ...") is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Span

from claimx.claims.build import core_name
from claimx.claims.spans import syntax_words
from claimx.lexicon import Lexicon
from claimx.records import Claim, Sentence


def _alternatives(key: str) -> str:
    """A word list of syntax.yaml as a regex alternation, longest first."""
    return "|".join(map(re.escape, sorted(syntax_words(key), key=len, reverse=True)))


# "<group> who <verb>" (models/patterns/syntax.yaml: own_exposure_groups, own_exposure_not_verbs)
OWN_EXPOSURE = re.compile(r"\b(?:" + _alternatives("own_exposure_groups") + r")\s+who\s+"
                          r"(?!(?:" + _alternatives("own_exposure_not_verbs") + r")\b)\w+", re.IGNORECASE)


_WORD = re.compile(r"[a-z]+")


def reports_result(text: str, has_statistics: bool) -> bool:
    """Whether a sentence reports a trial result: it carries a statistic, or it compares arms."""
    return has_statistics or any(w in syntax_words("result_words") for w in _WORD.findall(text.lower()))


def is_result(claim: Claim) -> bool:
    return reports_result(claim.sentence, bool(claim.statistics))


def names_own_exposure(text: str) -> bool:
    """ "Women who breastfed had ...": the exposure is in the sentence (unrecognised), nothing to inherit."""
    return OWN_EXPOSURE.search(text) is not None


@dataclass
class Discourse:
    """Intervention inheritance over the sentences of one document, in order. ``text`` is the document's
    extracted text; without it, paragraphs are not known and any previous sentence counts."""

    lexicon: Lexicon
    text: str | None = None
    mentions: Counter[str] = field(default_factory=Counter)
    surface: dict[str, str] = field(default_factory=dict)
    previous: tuple[int, str, int] | None = None  # (sentence index, intervention, sentence end)

    def apply(self, sent: Sentence, claims: Sequence[Claim], explicit: Sequence[Span]) -> list[Claim]:
        """The claims of one sentence with the previous sentence's intervention where they name none;
        ``explicit`` are the vocabulary interventions the sentence mentions (claim or not); one inside a
        claim's outcome ("fasting insulin did not change") is part of what was measured, not a mention."""
        outcomes = [c.outcome_span for c in claims]
        for sp in explicit:
            lo, hi = sent.start + sp.start_char, sent.start + sp.end_char
            if any(o is not None and o[0] <= lo and hi <= o[1] for o in outcomes):
                continue
            key = sp.kb_id_.lower()
            self.mentions[key] += 1
            self.surface.setdefault(key, core_name(sp, self.lexicon))
        prev = self.previous
        inherit = prev is not None and prev[0] == sent.index - 1 and (
            self.text is None or "\n\n" not in self.text[prev[2]:sent.start])
        out = [replace(c, intervention=prev[1], intervention_source="previous_sentence", intervention_span=None)
               if inherit and prev is not None and c.intervention_source == "article" else c for c in claims]
        own = [c for c in out if c.intervention_source == "sentence"]
        if own:
            self.previous = (sent.index, own[-1].intervention or "", sent.end)
        elif explicit:
            self.previous = (sent.index, core_name(explicit[0], self.lexicon), sent.end)
        return out

    def finish(self, claims: Sequence[Claim]) -> list[Claim]:
        """The document's claims with the article's main intervention where they still name none."""
        if not any(c.intervention_source == "article" for c in claims):
            return list(claims)
        main = self.surface[max(self.mentions.items(), key=lambda kv: (kv[1], kv[0]))[0]] if self.mentions else None
        kept = [c if c.intervention_source != "article" else
                replace(c, intervention=main, intervention_span=None) if main else
                replace(c, intervention_source="sentence") if c.intervention else c
                for c in claims if c.intervention_source != "article" or main or c.intervention or is_result(c)]
        return [replace(c, id=f"c{i + 1}") for i, c in enumerate(kept)]
