"""The word-rule reader: claims read from the spans the spaCy rule pipeline marks (``claimx.nlp``).

An effect trigger (``kind:direction``), the intervention on its subject side and the outcome on its object
side (or the reverse for passive and intransitive forms), and coordinated outcomes. Each trigger kind has its
own small reader (``SentenceTagger._READERS``); what they share (direction of the outcome, the nearest
intervention, coordinated outcomes) follows. Hedge, negation and strength are decided here too, strength by
``claimx.claims.strength``, which also gives ``sentence_relation``, the relation a sentence asserts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from typing import ClassVar

from spacy.tokens import Doc, Span

from claimx import stats as stats_mod
from claimx.claims.assemble import resolve_direction
from claimx.claims.build import EXPOSURE_SUFFIXES, INTERVENTION_HEADS, Found, in_scope
from claimx.claims.constructions import degree_of
from claimx.claims.spans import syntax_words as _words
from claimx.claims.strength import strength_of
from claimx.lexicon import Lexicon, load_yaml, norm_key
from claimx.nlp import Scope

SKIP_BEFORE_OUTCOME = _words("skip_before_outcome")
BOUNDARY = _words("boundary")
BE = _words("be")
MECHANISM_WORDS = _words("mechanism_words")
AGENT_PREPS = _words("agent_prepositions")
MODAL_HEDGES = _words("modal_hedges")
NOUN_LINKS = frozenset({"in", "of", "on", "to", "for"})
INTRANSITIVE_FOLLOWERS = AGENT_PREPS | _words("intransitive_followers")
CLAUSE_OPENERS = frozenset({"that", ";", ":", "because", "since", "whereas", "although"})
HAVE_VERBS = _words("have_verbs")
OUTCOME_CONTINUATIONS = _words("outcome_continuations")
GENERIC_GERUNDS = _words("generic_gerunds")
ANAPHORA = _words("anaphora")
EXPERIENCE_VERBS = _words("experience_verbs")
RAISING_BEFORE_TO = _words("raising_before_to")
EVIDENTIAL_SUBJECTS = _words("evidential_subjects")
PURPOSE_OPENERS = frozenset(tuple(w.split(" ", 1)) for w in _words("purpose_openers"))


def is_purpose(doc: Doc, trig: Span) -> bool:
    """Whether an effect trigger states a purpose, not an effect: "doses to minimise side effects",
    "interventions aimed at improving sleep", "in order to reduce risk"."""
    i = trig.start
    prev = doc[i - 1].lower_ if i > 0 else ""
    prev2 = doc[i - 2].lower_ if i > 1 else ""
    if (prev2, prev) in PURPOSE_OPENERS or (i > 2 and (doc[i - 3].lower_, prev2) in PURPOSE_OPENERS
                                            and prev in ("improving", "reducing", "to")):
        return True
    if prev == "to" and trig[0].lower_ not in ("a", "an", "the"):
        return prev2 not in RAISING_BEFORE_TO and not doc[i - 2].is_punct if i > 1 else False
    return False


def is_evidential(doc: Doc, trig: Span) -> bool:
    """ "These findings support ..." - support of a conclusion, not an effect."""
    return trig[0].lower_.startswith("support") and trig.start > 0 and \
        doc[trig.start - 1].lower_ in EVIDENTIAL_SUBJECTS


RECOMMENDATION = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(_words("recommendation_phrases"),
                                                                          key=len, reverse=True)) + r")\b",
                            re.IGNORECASE)
# what a trigger kind's reader finds: the outcome (start, end, key), the intervention if it names one, the
# direction before the outcome words are looked at
_Reading = tuple[tuple[int, int, str], Span | None, str]


@cache
def effects_data() -> dict:
    return load_yaml("patterns", "effects.yaml")


class SentenceTagger:
    """Finds claims in one processed sentence ``Doc``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        data = effects_data()
        self.assoc_dir = {w: d for d, ws in data.get("association_direction", {}).items() for w in ws}
        self.quality_dir = {w: d for d, ws in data.get("effect_qualities", {}).items() for w in ws}

    # ---- spans helpers
    def _outcome_at(self, doc: Doc, i: int) -> Span | None:
        for sp in doc.spans["outcome"]:
            if sp.start == i:
                return sp
        return None

    def _intervention_in(self, doc: Doc, start: int, end: int) -> list[Span]:
        return [sp for sp in doc.spans["intervention"] if sp.start >= start and sp.end <= end]

    def _is_content(self, tok) -> bool:
        low = tok.lower_
        return (tok.is_alpha or "-" in tok.text or any(c.isdigit() for c in tok.text)) and low not in BOUNDARY \
            and not (low.endswith("ly") and len(low) > 4 and low not in {"family", "early", "daily", "weekly",
                                                                          "monthly", "nightly", "elderly"}) \
            and not tok.is_punct

    def _trigger_at(self, doc: Doc, i: int) -> Span | None:
        for sp in doc.spans["trigger"]:
            if sp.start <= i < sp.end:
                return sp
        return None

    def find_outcome(self, doc: Doc, i: int, strict: bool = True, limit: int = 9) -> tuple[int, int, str] | None:
        """The outcome phrase starting at or after token ``i``: (start, end, concept key).

        An outcome is a run of content words that contains a vocabulary outcome (extended by following
        outcome head nouns: "REM sleep" + "duration") or, failing that, ends in an outcome head noun
        ("neurotrophin production"). ``strict=False`` also accepts a short noun phrase whose head is not
        a known non-outcome or population word.
        """
        n = len(doc)
        j = i
        while j < n and j < i + 4 and (doc[j].lower_ in SKIP_BEFORE_OUTCOME or doc[j].text in ("’s", "'s")):
            j += 1
        # people named before the outcome: "helped nurses sleep better"
        while j + 1 < n and norm_key(doc[j].text) in self.lex.populations and self._outcome_at(doc, j) is None:
            j += 1
        # a possessor before the outcome: "the body's stress response", "your child's sleep"
        if j + 2 < n and doc[j + 1].text in ("’s", "'s", "'", "’") and doc[j].is_alpha \
                and self._outcome_at(doc, j) is None:
            j += 2
        if j >= n:
            return None
        start = j
        interventions = {k for sp in doc.spans["intervention"] for k in range(sp.start, sp.end)}
        heads = self.lex.outcome_heads
        end = start
        while end < n and end < start + limit:
            tok = doc[end]
            sp = self._outcome_at(doc, end)
            if sp is not None:
                end = self._extend_outcome(doc, sp.end, sp.end + 3)
                if any(iv.start < sp.start and iv.end > sp.start for iv in doc.spans["intervention"]):
                    return None  # the outcome word is part of a longer intervention name
                return start, end, sp.kb_id_ if end == sp.end else f"{sp.kb_id_} {norm_key(doc[end - 1].text)}"
            if tok.text in ("-", "–") and end > start and end + 1 < n and self._is_content(doc[end + 1]):
                end += 1
                continue
            if tok.lower_ == "of" and end > start and end + 1 < n and norm_key(doc[end - 1].text) in heads:
                k = end + 1
                while k < n and doc[k].lower_ in ("the", "a", "an", "their", "its", "his", "her"):
                    k += 1
                if k < n and self._is_content(doc[k]):
                    end = k
                    continue
            if not self._is_content(tok):
                break
            trig = self._trigger_at(doc, end)
            if trig is not None and end > start and not trig.label_.startswith("noun") and \
                    norm_key(tok.text) not in heads:
                break
            if end in interventions and end == start:
                return None
            if end > start and end + 1 < n and doc[end + 1].text in ("’s", "'s"):
                break
            end += 1
        # no vocabulary outcome: trim to the last head noun, unless the head governs an "of" phrase
        # ("the risk of the primary outcome")
        last = end
        of_after_head = any(doc[k].lower_ == "of" and norm_key(doc[k - 1].text) in heads
                            for k in range(start + 1, end))
        while not of_after_head and last > start and norm_key(doc[last - 1].text) not in heads:
            last -= 1
        if last > start:
            end = last
        elif strict:
            return None
        if end <= start:
            return None
        words = [norm_key(t.text) for t in doc[start:end] if t.text not in ("-", "–")]
        head = words[-1] if words else ""
        if "of" in words[1:] and words[words.index("of", 1) - 1] in heads:
            head = words[words.index("of", 1) - 1]  # "risk of the primary outcome": the head is "risk"
        if not head or head in self.lex.non_outcomes or head in self.lex.populations:
            return None
        if len(words) == 1 and head in heads and strict:
            return None  # a bare head noun ("levels", "risk") names no outcome
        if any(k in interventions for k in range(start, end)) and (head not in heads or end - 1 in interventions):
            return None
        return start, end, " ".join(words)

    def own_subject(self, doc: Doc, f: Found) -> Span | None:
        """The subject of an effect verb when it is not a known intervention ("Lack of sleep impairs memory",
        "late-night scrolling cuts sleep time"): the claim's intervention is that phrase, not one inherited
        from another sentence. People, pronouns and anaphora ("the drug", "it") are no subject of their own."""
        if f.kind not in ("verb", "assoc") or f.outcome[0] < f.trigger.start:
            return None
        k = f.trigger.start - 1
        while k >= 0 and (doc[k].lower_ in MODAL_HEDGES or doc[k].lower_ in BE or doc[k].lower_.endswith("ly")
                          or doc[k].lower_ in ("has", "have", "had", "not", "also", "often", "can", "will")):
            k -= 1
        if k < 0 or not doc[k].is_alpha:
            return None
        word = norm_key(doc[k].text)
        if word in self.lex.populations or word in ANAPHORA or doc[k].is_stop:
            return None
        if word in EXPERIENCE_VERBS or (word.endswith("ed") and f.trigger[0].lower_.endswith("ed")):
            return None  # "they showed improved sleep": the trigger is an adjective after a verb
        end = k + 1
        start = k
        while start > 0 and end - start < 7:
            prev = doc[start - 1]
            if prev.lower_ in ("of", "-", "the", "a", "an") or (prev.is_alpha and not prev.is_stop) or "-" in prev.text:
                start -= 1
            else:
                break
        while start < end and doc[start].lower_ in ("of", "-", "the", "a", "an"):
            start += 1
        if any(norm_key(t.text) in self.lex.populations for t in doc[start:end]):
            return None  # "some people notice improved ...": people are not an intervention
        return doc[start:end] if start < end else None

    def _substance_object(self, doc: Doc, trig: Span) -> tuple[int, int, str] | None:
        """A substance named right after an effect verb is its outcome when another intervention is the
        subject: "blue light suppresses melatonin", "stress raises cortisol"."""
        n = len(doc)
        k = trig.end
        while k < n and doc[k].lower_ in SKIP_BEFORE_OUTCOME:
            k += 1
        obj = next((sp for sp in doc.spans["intervention"] if sp.start == k), None)
        if obj is None:
            return None
        subjects = [sp for sp in doc.spans["intervention"] if sp.end <= trig.start]
        if not subjects:
            return None
        end = self._extend_outcome(doc, obj.end, obj.end + 2)
        return obj.start, end, norm_key(doc[obj.start:end].text)

    def _extend_outcome(self, doc: Doc, end: int, limit: int) -> int:
        """Extend an outcome phrase through following head nouns, outcome words and hyphen compounds
        ("sleep" + "-related anxiety disorders", "REM sleep" + "duration")."""
        n = len(doc)
        words = self.lex.outcome_words
        while end < n and end < limit:
            tok = doc[end]
            if tok.text in ("-", "–") and tok.whitespace_ == "" and end + 1 < n and doc[end + 1].is_alpha:
                end += 2
                limit += 2
                continue
            key = norm_key(tok.text)
            sp = self._outcome_at(doc, end)
            if sp is not None:
                end = sp.end
                continue
            if (key in words or key in OUTCOME_CONTINUATIONS) and self._is_content(tok):
                end += 1
                continue
            break
        return end

    def find_outcome_before(self, doc: Doc, i: int) -> tuple[int, int, str] | None:
        """Outcome phrase ending just before token ``i`` (subject of passive/intransitive verbs)."""
        j = i - 1
        while j >= 0 and (doc[j].lower_ in BE or doc[j].lower_ in SKIP_BEFORE_OUTCOME or doc[j].lower_ in
                          MODAL_HEDGES or doc[j].lower_ in ("not", "n't", "also", "often", "has", "have", "had")):
            j -= 1
        end = j + 1
        start = end
        while start > 0 and start > end - 6 and self._is_content(doc[start - 1]):
            start -= 1
        if start >= end:
            return None
        found = self.find_outcome(doc, start, limit=end - start)
        if found and found[1] == end:
            return found
        return None

    def _mechanism(self, doc: Doc, sp: Span) -> bool:
        """An intervention word used as a mechanism or measure ("GABA signaling", "of serotonin")."""
        nxt = norm_key(doc[sp.end].text) if sp.end < len(doc) else ""
        prev = doc[sp.start - 1].lower_ if sp.start else ""
        return nxt in self.lex.outcome_heads or nxt in MECHANISM_WORDS or prev in ("of", "and", "or", "’s", "'s",
                                                                                      "as", "like", "versus", "vs")

    def nearest_intervention(self, doc: Doc, trigger: Span, outcome: tuple[int, int]) -> Span | None:
        before = [sp for sp in doc.spans["intervention"] if sp.end <= trigger.start
                  and not (sp.start >= outcome[0] and sp.end <= outcome[1])]
        if before:
            good = [sp for sp in before if not self._mechanism(doc, sp)]
            if not good:
                return before[-1]
            clause = 0
            for k in range(trigger.start - 1, -1, -1):
                if doc[k].lower_ in CLAUSE_OPENERS:
                    clause = k + 1
                    break
            in_clause = [sp for sp in good if sp.start >= clause]
            chosen = in_clause[0] if in_clause else good[-1]
            if chosen.text.lower() in GENERIC_GERUNDS:
                named = [sp for sp in before if chosen.end <= sp.start <= chosen.end + 4]
                if named:
                    return named[0]
            return chosen
        after = [sp for sp in doc.spans["intervention"] if sp.start >= trigger.end
                 and not (sp.start < outcome[1] and sp.end > outcome[0])]
        for sp in after:
            prev = doc[sp.start - 1].lower_ if sp.start > 0 else ""
            if prev in AGENT_PREPS or prev in ("of", "and", "the"):
                return sp
        return None

    # ---- main
    def claims(self, doc: Doc) -> list[Found]:
        found: list[Found] = []
        used_triggers: set[int] = set()
        for trig in doc.spans["trigger"]:
            if trig.start in used_triggers or any(g.outcome[0] <= trig.start < g.outcome[1] for g in found):
                continue
            if is_purpose(doc, trig) or is_evidential(doc, trig):
                continue
            kind, direction = trig.label_.split(":")
            results = self._claims_for(doc, trig, kind, direction)
            for f in results:
                if any(f.outcome == g.outcome for g in found):
                    continue
                found.append(f)
        return [self._judge(doc, f) for f in found]

    def _judge(self, doc: Doc, f: Found) -> Found:
        """Hedge, negation and strength of a word-rule claim: the ConText scopes over its trigger (cues
        inside the trigger phrase do not count; a no-change phrase carries its own negation)."""
        scopes: list[Scope] = doc.user_data.get("cx_scopes", [])
        trig = f.trigger

        def outside(s: Scope) -> bool:
            return not (s.cue_start >= trig.start and s.cue_end <= trig.end)

        hedges = tuple(s for s in in_scope(scopes, "HEDGE", trig.start) if outside(s))
        negated = f.kind != "nochange" and any(outside(s) for s in in_scope(scopes, "NEGATED", trig.start))
        descriptive = f.kind == "adj" and not _after_causal_verb(doc, trig)
        association = f.kind in ("assoc", "assocverb") or is_association(trig) or descriptive
        return replace(f, direction="no_change" if negated else f.direction, hedged=bool(hedges), negated=negated,
                       strength=strength_of("association" if association else "effect", bool(hedges)),
                       hedge_scopes=hedges, stats_negate=f.kind in STATS_NEGATE_KINDS)

    def _direction_for(self, base: str, outcome_words: Sequence[str]) -> str:
        return resolve_direction(base, outcome_words, self.lex, window=2)

    def _verb(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """An effect verb: its object is the outcome ("reduces anxiety"); passive ("is reduced by X") and
        intransitive ("sleep improved after X") forms put the outcome before it."""
        n = len(doc)
        outcome = None
        intervention = None
        prev = doc[trig.start - 1].lower_ if trig.start else ""
        if direction == "change":
            for w in (prev, doc[trig.start - 2].lower_ if trig.start > 1 else ""):
                if self.quality_dir.get(w) in ("increase", "decrease"):
                    direction = self.quality_dir[w]
                    break
        passive = prev in BE and trig.text.lower().endswith(("ed", "en", "d")) and \
            trig.end < n and doc[trig.end].lower_ in AGENT_PREPS
        if passive:
            outcome = self.find_outcome_before(doc, trig.start)
            cands = self._intervention_in(doc, trig.end, n)
            intervention = cands[0] if cands else None
        else:
            nxt = trig.end
            # "leads to better sleep": the adjective trigger carries the claim
            k = nxt
            while k < n and doc[k].lower_ in SKIP_BEFORE_OUTCOME:
                k += 1
            if k < n and doc[k].lower_ == "to" and direction in ("evaluative_up", "cause"):
                k += 1  # "helps to restore", "leads to improved"
            inner = self._trigger_at(doc, k) if k < n else None
            if inner is not None and inner.start != trig.start and self._outcome_at(doc, k) is None and (
                    inner.label_.startswith("adj:") or (inner.label_.startswith("noun:") and inner.end < n
                                                        and doc[inner.end].lower_ in NOUN_LINKS)
                    or (inner.label_.startswith("verb:") and direction == "evaluative_up")):
                return None
            outcome = self.find_outcome(doc, nxt)
            if outcome is not None and direction == "cause" and outcome[1] - outcome[0] > 1:
                degree = degree_of([doc[outcome[0]]])  # "leads to lower blood pressure": what was caused fell
                if degree in ("increase", "decrease"):
                    outcome, direction = (outcome[0] + 1, *outcome[1:]), degree
            if outcome is None and direction in ("increase", "decrease", "change"):
                outcome = self._substance_object(doc, trig)
            if outcome is None:
                # intransitive: "sleep quality improved after ketamine"
                before = self.find_outcome_before(doc, trig.start)
                if before is not None and (nxt >= n or doc[nxt].lower_ in INTRANSITIVE_FOLLOWERS
                                           or doc[nxt].is_punct or doc[nxt].lower_ in BOUNDARY
                                           or doc[nxt].lower_.endswith("ly")):
                    outcome = before
                    cands = self._intervention_in(doc, trig.end, n)
                    intervention = cands[0] if cands else None
        return (outcome, intervention, direction) if outcome is not None else None

    def _adj(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """A comparative adjective: predicative ("sleep quality was higher in A than in B") or before its noun
        ("better sleep")."""
        n = len(doc)
        outcome = None
        intervention = None
        k = trig.start - 1
        while k >= 0 and doc[k].lower_ in SKIP_BEFORE_OUTCOME | {"not", "n't", "no"}:
            k -= 1
        if k >= 0 and doc[k].lower_ in BE:
            # predicative comparative: "sleep quality was higher in the melatonin group than with placebo"
            outcome = self.find_outcome_before(doc, k + 1)
            if outcome is None:
                return None
            compared = stats_mod.comparative_direction(doc.text)
            if compared is not None:
                direction = compared
            elif direction not in ("increase", "decrease") or not any(
                    t.lower_ in ("than", "compared", "versus", "vs") for t in doc[trig.end:]):
                return None
            cands = [sp for sp in doc.spans["intervention"] if sp.start >= trig.end]
            intervention = cands[0] if cands else None
        else:
            outcome = self.find_outcome(doc, trig.end, limit=6)
            if outcome is not None and outcome[0] > trig.end + 1:
                outcome = None
            if outcome is not None and outcome[1] < n and (
                    doc[outcome[1]].lower_ in BE or (self._trigger_at(doc, outcome[1]) is not None and
                                                     not self._trigger_at(doc, outcome[1]).label_.startswith(
                                                         ("adj:", "noun:")))):
                outcome = None  # the phrase is the subject of its own clause, not an effect
        return (outcome, intervention, direction) if outcome is not None else None

    def _noun(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """An effect noun with its link word: "a reduction in blood pressure"."""
        n = len(doc)
        outcome = None
        intervention = None
        prev = doc[trig.start - 1].lower_ if trig.start else ""
        if direction == "change" and prev in self.quality_dir and self.quality_dir[prev] != "no_change":
            direction = self.quality_dir[prev]
        k = trig.end
        if k < n and doc[k].lower_ in NOUN_LINKS:
            outcome = self.find_outcome(doc, k + 1)
        return (outcome, intervention, direction) if outcome is not None else None

    def _effectnoun(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """An effect noun with a quality or a have verb: "a positive effect on sleep", "has an impact on"."""
        n = len(doc)
        outcome = None
        intervention = None
        k = trig.end
        if not (k < n and doc[k].lower_ in ("on", "in", "upon")):
            return None
        window = [t.lower_ for t in doc[max(0, trig.start - 4):trig.start]]
        quality = None
        for w_i, w in enumerate(window):
            pair = " ".join(window[w_i:w_i + 2])
            if pair in self.quality_dir:
                quality = self.quality_dir[pair]
            elif w in self.quality_dir and quality is None:
                quality = self.quality_dir[w]
        if quality is None and not any(w in HAVE_VERBS for w in window):
            return None
        direction = quality or "change"
        outcome = self.find_outcome(doc, k + 1)
        return (outcome, intervention, direction) if outcome is not None else None

    def _nochange(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """A no-change phrase: "did not affect sleep", "no difference in"."""
        intervention = None
        outcome = self.find_outcome(doc, trig.end)
        if outcome is None:
            outcome = self.find_outcome_before(doc, trig.start)
        if outcome is None:
            sp = [o for o in doc.spans["outcome"] if o.start >= trig.end]
            if sp:
                outcome = (sp[0].start, sp[0].end, sp[0].kb_id_)
        return (outcome, intervention, direction) if outcome is not None else None

    def _assocverb(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """An association verb with its object and link: "the study linked social media use to more depressive
        symptoms"."""
        n = len(doc)
        outcome = None
        intervention = None
        k = next((j for j in range(trig.end + 1, min(n, trig.end + 8)) if doc[j].lower_ in ("to", "with")), None)
        if k is None:
            return None
        ivs = self._intervention_in(doc, trig.end, k)
        if not ivs:
            return None
        intervention = ivs[0]
        j = k + 1
        while j < n and doc[j].lower_ in SKIP_BEFORE_OUTCOME:
            j += 1
        if j < n and doc[j].lower_ in self.assoc_dir:
            direction = self.assoc_dir[doc[j].lower_]
            j += 1
        outcome = self.find_outcome(doc, j)
        return (outcome, intervention, direction) if outcome is not None else None

    def _assoc(self, doc: Doc, trig: Span, direction: str) -> _Reading | None:
        """Association language: "linked to", "associated with", "an association between X and Y"."""
        n = len(doc)
        outcome = None
        intervention = None
        text = trig.text.lower()
        for w in text.split():
            if w in self.assoc_dir:
                direction = self.assoc_dir[w]
        if text.endswith("between"):
            ivs = self._intervention_in(doc, trig.end, n)
            if ivs:
                intervention = ivs[0]
                k = intervention.end
                while k < n and norm_key(doc[k].text) in INTERVENTION_HEADS:
                    k += 1
                if k < n and doc[k].lower_ in ("and", "with"):
                    k += 1
                    t2 = self._trigger_at(doc, k)
                    if t2 is not None and t2.label_.startswith(("adj:", "verb:")):
                        d2 = t2.label_.split(":")[1]
                        if d2 in ("increase", "decrease") and direction == "change":
                            direction = d2
                        k = t2.end
                    outcome = self.find_outcome(doc, k)
            else:
                outcome = self.find_outcome(doc, trig.end)
        else:
            k = trig.end
            while k < n and doc[k].lower_ in SKIP_BEFORE_OUTCOME:
                k += 1
            if k < n and doc[k].lower_ in self.assoc_dir:
                direction = self.assoc_dir[doc[k].lower_]
                k += 1
            elif k < n and self._trigger_at(doc, k) is not None:
                t2 = self._trigger_at(doc, k)
                d2 = t2.label_.split(":")[1]
                if d2 in ("increase", "decrease"):
                    direction = d2
                k = t2.end
            outcome = self.find_outcome(doc, k)
        return (outcome, intervention, direction) if outcome is not None else None

    # the readers of the trigger kinds (``kind:direction`` labels of ``claimx.nlp``'s effect triggers)
    _READERS: ClassVar[dict[str, Callable[[SentenceTagger, Doc, Span, str], _Reading | None]]] = {
        "verb": _verb, "adj": _adj, "noun": _noun, "effectnoun": _effectnoun, "nochange": _nochange,
        "assocverb": _assocverb, "assoc": _assoc,
    }

    def _claims_for(self, doc: Doc, trig: Span, kind: str, direction: str) -> list[Found]:
        read = self._READERS.get(kind)
        reading = read(self, doc, trig, direction) if read is not None else None
        if reading is None:
            return []
        n = len(doc)
        out: list[Found] = []
        outcome, intervention, direction = reading
        o_start, o_end, o_key = outcome
        words = [norm_key(t.text) for t in doc[o_start:o_end]]
        direction = self._direction_for(direction, words)
        if intervention is None:
            intervention = self.nearest_intervention(doc, trig, (o_start, o_end))
        if intervention is not None and intervention.end < n and doc[intervention.end].lower_ in EXPOSURE_SUFFIXES:
            intervention = doc[intervention.start:intervention.end + 1]  # "vitamin D deficiency"
        if intervention is not None and o_start <= intervention.start < o_end:
            return []
        out.append(Found(intervention, (o_start, o_end), o_key, direction, trig, kind))
        # coordinated outcomes: "reduces anxiety and depression"
        k = o_end
        while k + 1 < n and doc[k].lower_ in (",", "and", "or") and len(out) < 4:
            k2 = k + 1
            if doc[k].text == "," and doc[k2].lower_ in ("a", "an", "the", "which", "who", "that"):
                break  # an apposition or a relative clause, not a list: "the primary outcome, a composite of"
            if doc[k2].lower_ in ("and", "or"):
                k2 += 1
            k3 = k2
            while k3 < n and doc[k3].lower_ in SKIP_BEFORE_OUTCOME:
                k3 += 1
            if k3 < n and self._trigger_at(doc, k3) is not None and self._outcome_at(doc, k3) is None:
                break
            more = self.find_outcome(doc, k2, limit=5)
            if more is None:
                break
            words = [norm_key(t.text) for t in doc[more[0]:more[1]]]
            out.append(Found(intervention, (more[0], more[1]), more[2],
                              self._direction_for(trig.label_.split(":")[1] if kind != "effectnoun" else direction,
                                                  words) if kind in ("verb", "adj", "noun") else direction,
                              trig, kind))
            k = more[1]
        return out




ASSOCIATION_WORDS = _words("association_words")


def is_association(trigger: Span) -> bool:
    """Whether a trigger (e.g. the no-change phrase "not associated with") speaks of association."""
    return any(t.lower_ in ASSOCIATION_WORDS for t in trigger)


# trigger kinds whose claims a no-change statistic turns into no-change claims
STATS_NEGATE_KINDS = frozenset({"verb", "adj", "noun", "assoc", "effectnoun"})
CAUSAL_KINDS = frozenset({"increase", "decrease", "change", "evaluative_up", "evaluative_down", "cause"})


def sentence_relation(doc: Doc) -> str | None:
    """The strength of the strongest relationship a sentence asserts, claim or not (Yu, Li & Wang 2019), in
    the terms of ``strength_of``: association language; else a comparison of groups ("X was higher in A
    than in B"); else an effect verb, hedged or not. None when it states no relationship."""
    triggers = [t for t in doc.spans["trigger"] if not is_purpose(doc, t) and not is_evidential(doc, t)]
    if not triggers:
        return None
    if any(t.label_.startswith(("assoc:", "assocverb:")) or is_association(t) for t in triggers):
        return strength_of("association", False)
    scopes: list[Scope] = doc.user_data.get("cx_scopes", [])
    predicative = [t for t in triggers if t.label_.startswith("adj:") and t.start > 0
                   and (doc[t.start - 1].lower_ in BE or (t.start > 1 and doc[t.start - 2].lower_ in BE))]
    if predicative and not any(t.label_.startswith("verb:") for t in triggers):
        return strength_of("comparison", False)  # a comparison of groups
    causal = [t for t in triggers if t.label_.startswith(("verb:", "nochange:"))
              and t.label_.split(":")[1] in CAUSAL_KINDS | {"no_change"}]
    if not causal:
        # only descriptive differences ("lower levels", "a higher risk"): association language
        if any(t.label_.startswith("adj:") for t in triggers):
            return strength_of("association", False)
        return None
    if any(RECOMMENDATION.search(doc[:t.start].text) for t in causal):
        return None  # "X should be used to reduce Y": a recommendation, not a finding
    return strength_of("effect", any(in_scope(scopes, "HEDGE", t.start) for t in causal))


def _after_causal_verb(doc: Doc, trig: Span) -> bool:
    """Whether an adjective trigger follows a causal verb ("led to fewer awakenings"); without one, "people
    who exercise have lower blood pressure" only states a difference (correlational language)."""
    for sp in doc.spans["trigger"]:
        if sp.end <= trig.start and trig.start - sp.end <= 3 and sp.label_.startswith("verb:"):
            return True
    return False
