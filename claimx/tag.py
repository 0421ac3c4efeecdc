"""Tag stage: sentences -> claims (intervention, outcome, direction, hedged, negated, strength, statistics).

Runs the spaCy rule pipeline (``claimx.nlp``) over each sentence and assembles claims from the spans it marks:
an effect trigger, the intervention on its subject side and the outcome on its object side (or the reverse
for passive and intransitive constructions). Sentences that are not claims (headings, questions, advice,
meta sentences, research in progress) are filtered by the patterns in ``models/patterns/nonclaims.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx import stats as stats_mod
from claimx.claims.assemble import ParsedClaim, parse_claims, resolve_direction
from claimx.claims.constructions import cue_words, upos
from claimx.claims.fragments import fragment_claims
from claimx.lexicon import Lexicon, default_lexicon, load_yaml, norm_key
from claimx.nlp import Scope, Syntax, get_nlp, get_syntax
from claimx.records import Claim, Cue, Sentence


def _words(key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_yaml("patterns", "syntax.yaml").get(key, []))


SKIP_BEFORE_OUTCOME = _words("skip_before_outcome")
BOUNDARY = _words("boundary")
BE = _words("be")
INTERVENTION_HEADS = _words("intervention_heads")
MECHANISM_WORDS = _words("mechanism_words")
AGENT_PREPS = _words("agent_prepositions")
MODAL_HEDGES = _words("modal_hedges")
NOUN_LINKS = frozenset({"in", "of", "on", "to", "for"})
INTRANSITIVE_FOLLOWERS = AGENT_PREPS | _words("intransitive_followers")
CLAUSE_OPENERS = frozenset({"that", ";", ":", "because", "since", "whereas", "although"})
HAVE_VERBS = _words("have_verbs")
OUTCOME_CONTINUATIONS = _words("outcome_continuations")
EXPOSURE_SUFFIXES = _words("exposure_suffixes")
GENERIC_GERUNDS = _words("generic_gerunds")
ANAPHORA = _words("anaphora")
EXPERIENCE_VERBS = _words("experience_verbs")
RAISING_BEFORE_TO = _words("raising_before_to")
EVIDENTIAL_SUBJECTS = _words("evidential_subjects")
PURPOSE_OPENERS = (("aimed", "at"), ("aim", "at"), ("aims", "at"), ("order", "to"), ("as", "to"), ("aim", "of"),
                   ("purpose", "of"), ("designed", "to"), ("intended", "to"))


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


DIGIT = re.compile(r"\d")
RECOMMENDATION = re.compile(r"\b(?:should|must|needs? to|ought to|is recommended|are recommended)\b", re.IGNORECASE)
OWN_EXPOSURE = re.compile(r"\b(?:people|women|men|children|kids|teens|teenagers|adults|patients|participants|"
                          r"those|individuals|mothers|users|volunteers)\s+who\s+(?!were|was|are|is|received|got|"
                          r"took|had|have|used|did|do)\w+", re.IGNORECASE)
# A "sentence" longer than this is unpunctuated running text (a pasted table, a log); it is not tagged, which
# keeps run time linear and below spaCy's length limit.
MAX_SENTENCE_CHARS = 5000
LEADING = re.compile(r"^[\s\"'“‘(\[*>•\-–]+")


def nonclaim_reason(text: str) -> str | None:
    body = LEADING.sub("", text)
    if body.rstrip().rstrip("\"'”’)]").endswith("?"):
        return "question"
    for rule in nonclaim_rules():
        m = rule.regex.match(body) if rule.at_start else rule.regex.search(body)
        if m:
            return rule.category
    return None


@cache
def effects_data() -> dict:
    return load_yaml("patterns", "effects.yaml")


@dataclass(slots=True)
class _Found:
    intervention: Span | None
    outcome: tuple[int, int]
    outcome_key: str
    direction: str
    trigger: Span
    kind: str
    # set for claims read from the parse (claimx.claims), which decide these themselves
    hedged: bool | None = None
    negated: bool | None = None
    strength: str | None = None


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

    def own_subject(self, doc: Doc, f: _Found) -> Span | None:
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
    def claims(self, doc: Doc) -> list[_Found]:
        found: list[_Found] = []
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
        return found

    def _direction_for(self, base: str, outcome_words: Sequence[str]) -> str:
        return resolve_direction(base, outcome_words, self.lex, window=2)

    def _claims_for(self, doc: Doc, trig: Span, kind: str, direction: str) -> list[_Found]:
        n = len(doc)
        out: list[_Found] = []
        outcome = None
        intervention = None
        if kind == "verb":
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
                    return []
                outcome = self.find_outcome(doc, nxt)
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
        elif kind == "adj":
            k = trig.start - 1
            while k >= 0 and doc[k].lower_ in SKIP_BEFORE_OUTCOME | {"not", "n't", "no"}:
                k -= 1
            if k >= 0 and doc[k].lower_ in BE:
                # predicative comparative: "sleep quality was higher in the melatonin group than with placebo"
                outcome = self.find_outcome_before(doc, k + 1)
                if outcome is None:
                    return []
                compared = stats_mod.comparative_direction(doc.text)
                if compared is not None:
                    direction = compared
                elif direction not in ("increase", "decrease") or not any(
                        t.lower_ in ("than", "compared", "versus", "vs") for t in doc[trig.end:]):
                    return []
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
        elif kind == "noun":
            prev = doc[trig.start - 1].lower_ if trig.start else ""
            if direction == "change" and prev in self.quality_dir and self.quality_dir[prev] != "no_change":
                direction = self.quality_dir[prev]
            k = trig.end
            if k < n and doc[k].lower_ in NOUN_LINKS:
                outcome = self.find_outcome(doc, k + 1)
        elif kind == "effectnoun":
            k = trig.end
            if not (k < n and doc[k].lower_ in ("on", "in", "upon")):
                return []
            window = [t.lower_ for t in doc[max(0, trig.start - 4):trig.start]]
            quality = None
            for w_i, w in enumerate(window):
                pair = " ".join(window[w_i:w_i + 2])
                if pair in self.quality_dir:
                    quality = self.quality_dir[pair]
                elif w in self.quality_dir and quality is None:
                    quality = self.quality_dir[w]
            if quality is None and not any(w in HAVE_VERBS for w in window):
                return []
            direction = quality or "change"
            outcome = self.find_outcome(doc, k + 1)
        elif kind == "nochange":
            outcome = self.find_outcome(doc, trig.end)
            if outcome is None:
                outcome = self.find_outcome_before(doc, trig.start)
            if outcome is None:
                sp = [o for o in doc.spans["outcome"] if o.start >= trig.end]
                if sp:
                    outcome = (sp[0].start, sp[0].end, sp[0].kb_id_)
        elif kind == "assocverb":
            # "the study linked social media use to more depressive symptoms"
            k = next((j for j in range(trig.end + 1, min(n, trig.end + 8)) if doc[j].lower_ in ("to", "with")), None)
            if k is None:
                return []
            ivs = self._intervention_in(doc, trig.end, k)
            if not ivs:
                return []
            intervention = ivs[0]
            j = k + 1
            while j < n and doc[j].lower_ in SKIP_BEFORE_OUTCOME:
                j += 1
            if j < n and doc[j].lower_ in self.assoc_dir:
                direction = self.assoc_dir[doc[j].lower_]
                j += 1
            outcome = self.find_outcome(doc, j)
        elif kind == "assoc":
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
        if outcome is None:
            return []
        o_start, o_end, o_key = outcome
        words = [norm_key(t.text) for t in doc[o_start:o_end]]
        direction = self._direction_for(direction, words)
        if intervention is None:
            intervention = self.nearest_intervention(doc, trig, (o_start, o_end))
        if intervention is not None and intervention.end < n and doc[intervention.end].lower_ in EXPOSURE_SUFFIXES:
            intervention = doc[intervention.start:intervention.end + 1]  # "vitamin D deficiency"
        if intervention is not None and o_start <= intervention.start < o_end:
            return []
        out.append(_Found(intervention, (o_start, o_end), o_key, direction, trig, kind))
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
            out.append(_Found(intervention, (more[0], more[1]), more[2],
                              self._direction_for(trig.label_.split(":")[1] if kind != "effectnoun" else direction,
                                                  words) if kind in ("verb", "adj", "noun") else direction,
                              trig, kind))
            k = more[1]
        return out


ASSOCIATION_WORDS = _words("association_words")


def is_association(trigger: Span) -> bool:
    """Whether a trigger (e.g. the no-change phrase "not associated with") speaks of association."""
    return any(t.lower_ in ASSOCIATION_WORDS for t in trigger)


CAUSAL_KINDS = frozenset({"increase", "decrease", "change", "evaluative_up", "evaluative_down", "cause"})


def sentence_relation(doc: Doc) -> str | None:
    """The strongest relationship a sentence asserts, claim or not (Yu, Li & Wang 2019): ``correlational``
    when it uses association language, else ``conditional_causal`` / ``direct_causal`` when an effect verb
    is (or is not) under a hedge; None when it states no relationship."""
    triggers = [t for t in doc.spans["trigger"] if not is_purpose(doc, t) and not is_evidential(doc, t)]
    if not triggers:
        return None
    if any(t.label_.startswith(("assoc:", "assocverb:")) or is_association(t) for t in triggers):
        return "correlational"
    scopes: list[Scope] = doc.user_data.get("cx_scopes", [])
    predicative = [t for t in triggers if t.label_.startswith("adj:") and t.start > 0
                   and (doc[t.start - 1].lower_ in BE or (t.start > 1 and doc[t.start - 2].lower_ in BE))]
    if predicative and not any(t.label_.startswith("verb:") for t in triggers):
        # "X was higher in A than in B": a comparison of groups; causal only when the groups are trial arms
        return "direct_causal" if stats_mod.comparative_direction(doc.text) else "correlational"
    causal = [t for t in triggers if t.label_.startswith(("verb:", "nochange:"))
              and t.label_.split(":")[1] in CAUSAL_KINDS | {"no_change"}]
    if not causal:
        # only descriptive differences ("lower levels", "a higher risk"): correlational language
        if any(t.label_.startswith("adj:") for t in triggers):
            return "correlational"
        return None
    if any(RECOMMENDATION.search(doc[:t.start].text) for t in causal):
        return None  # "X should be used to reduce Y": a recommendation, not a finding
    if any(_in_scope(scopes, "HEDGE", t.start) for t in causal):
        return "conditional_causal"
    return "direct_causal"


def _in_scope(scopes: Sequence[Scope], category: str, i: int) -> list[Scope]:
    return [s for s in scopes if s.category == category and s.start <= i < s.end]


@dataclass(frozen=True, slots=True)
class TagResult:
    claims: tuple[Claim, ...]
    cues: tuple[tuple[Cue, ...], ...]  # hedge cues of every sentence
    relations: tuple[str | None, ...]  # strength of the relationship each sentence asserts, if any


def _parse_text(text: str) -> str:
    """The text the language models read: an all-capitals headline is read in lower case (same offsets)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        low = text.lower()
        if len(low) == len(text):
            return low
    return text


def needs_parse(doc: Doc) -> bool:
    """Parse only what may hold a claim: a sentence (not a non-claim one) with an effect trigger or a
    construction cue word in it."""
    if len(doc.spans["trigger"]):
        return True
    cues = cue_words()
    return any(t.lower_ in cues for t in doc)


FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})
VERBLESS_CONSTRUCTIONS = frozenset({"parse:likelihood", "parse:risk_noun"})


def heading_asserts(doc: Doc, f: _Found) -> bool:
    """Whether a heading states its effect: a finite verb (or a verbless "more likely to" / "higher risk
    of" headline), not an imperative, a question or a topic ("Assess How X Influences Y", "Understanding X's
    Effect on Y")."""
    first = doc[0]
    if first.tag_ == "VB" or first.lower_ in ("how", "why", "what", "when", "which", "who", "can", "does", "do",
                                                "is", "are", "should"):
        return False
    if f.kind in VERBLESS_CONSTRUCTIONS:
        return True
    tok = f.trigger.root
    for _ in range(8):
        if tok.tag_ in FINITE_TAGS or any((c.tag_ in FINITE_TAGS and c.dep_.startswith("aux")) or
                                          (c.dep_ == "cop" and c.tag_ in FINITE_TAGS) for c in tok.children):
            return True
        if upos(tok) == "VERB" and tok.tag_ not in ("VB", "VBG") and any(c.dep_ in ("nsubj", "nsubj:pass")
                                                                        for c in tok.children):
            return True  # a headline's "X reduced Y" (read as a participle) still has its subject
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _from_parsed(p: ParsedClaim) -> _Found:
    return _Found(p.intervention, (p.outcome.start, p.outcome.end), p.outcome_key, p.direction, p.trigger,
                  f"parse:{p.construction}", p.hedged, p.negated, p.strength)


def _scopes(scopes: Sequence[Scope], category: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in scopes if s.category == category]


@dataclass
class Tagger:
    nlp: Language
    lexicon: Lexicon
    syntax: Syntax | None = None

    def docs(self, candidates: Sequence[Sentence], batch_size: int = 256):
        """(sentence, Doc, is_claim_sentence) triples; the claim sentences that may hold a claim are parsed."""
        for k in range(0, len(candidates), batch_size):
            chunk = candidates[k:k + batch_size]
            docs = list(self.nlp.pipe((_parse_text(s.text) for s in chunk), batch_size=batch_size))
            claim_like = [nonclaim_reason(s.text) is None for s in chunk]
            if self.syntax is not None:
                need = [i for i, d in enumerate(docs) if claim_like[i] and needs_parse(d)]
                for i, d in zip(need, self.syntax.parse([docs[i] for i in need]), strict=True):
                    docs[i] = d
            yield from zip(chunk, docs, claim_like, strict=True)

    def tag(self, sentences: Sequence[Sentence], text: str | None = None, batch_size: int = 256
            ) -> tuple[Claim, ...]:
        return self.tag_all(sentences, text, batch_size).claims

    def tag_all(self, sentences: Sequence[Sentence], text: str | None = None, batch_size: int = 256
                ) -> TagResult:
        """Claims, and the hedge cues and relation of every sentence (aligned with ``sentences``).

        ``text`` is the document's extracted text; with it, an intervention is inherited from the previous
        sentence only within the same paragraph (no blank line between them)."""
        candidates = [s for s in sentences if s.kind not in ("table_row", "reference")
                      and len(s.text) <= MAX_SENTENCE_CHARS]
        tagger = SentenceTagger(self.lexicon)
        mentions: Counter[str] = Counter()
        surface: dict[str, str] = {}
        cues: dict[int, tuple[Cue, ...]] = {}
        relations: dict[int, str] = {}
        claims: list[Claim] = []
        prev_intervention: tuple[int, str, int] | None = None  # (sentence index, name, sentence end)
        # One pass; each Doc is dropped after its sentence, so memory does not grow with the document.
        # Claims that must inherit the article's main intervention get it at the end.
        for sent, doc, is_claim_sentence in self.docs(candidates, batch_size):
            cues[sent.index] = tuple(
                Cue(sp.text, sent.start + sp.start_char, sent.start + sp.end_char, "hedge")
                for sp in doc.spans["modifier"] if sp.label_ == "HEDGE"
            )
            explicit = list(doc.spans["intervention"])
            for sp in explicit:
                key = sp.kb_id_.lower()
                mentions[key] += 1
                surface.setdefault(key, _core_name(sp, self.lexicon))
            heading = sent.kind == "heading"
            found = tagger.claims(doc) if is_claim_sentence and not heading else []
            if is_claim_sentence and doc.has_annotation("DEP"):
                scopes0: list[Scope] = doc.user_data.get("cx_scopes", [])
                parsed = [_from_parsed(p) for p in parse_claims(
                    doc, self.lexicon, _scopes(scopes0, "HEDGE"), _scopes(scopes0, "NEGATED"),
                    stats_mod.comparative_direction(sent.text)) if p.intervention is not None or p.refers_back]
                if heading:
                    parsed = [f for f in parsed if heading_asserts(doc, f)]
                if not parsed and not any(f.intervention is not None for f in found):
                    # a headline verb the parser read as a noun ("Gene therapy restores sight")
                    parsed = [_from_parsed(p) for p in fragment_claims(
                        doc, self.lexicon, _scopes(scopes0, "HEDGE"), _scopes(scopes0, "NEGATED"))]
                found = merge_found(found, parsed)
            rel = sentence_relation(doc) if is_claim_sentence and not heading else None
            if rel:
                relations[sent.index] = rel
            scopes: list[Scope] = doc.user_data.get("cx_scopes", [])
            all_stats = stats_mod.find_statistics(sent.text) if found and DIGIT.search(sent.text) else ()
            first_new = len(claims)
            for f in found:
                stats = _stats_for(f, found, all_stats, sent.text, doc)
                stat_dir = stats_mod.direction_from_statistics(stats) if stats else None
                if f.intervention is not None:
                    iv_name, iv_span, source = _core_name(f.intervention, self.lexicon), f.intervention, "sentence"
                elif OWN_EXPOSURE.search(sent.text):
                    continue  # "Women who breastfed had ...": the exposure is in the sentence, unrecognised
                elif (subject := tagger.own_subject(doc, f)) is not None:
                    iv_name, iv_span, source = subject.text, subject, "sentence"
                elif prev_intervention is not None and prev_intervention[0] == sent.index - 1 and (
                        text is None or "\n\n" not in text[prev_intervention[2]:sent.start]):
                    iv_name, iv_span, source = prev_intervention[1], None, "previous_sentence"
                else:
                    iv_name, iv_span, source = "", None, "article"  # filled in below
                claims.append(self._make_claim(sent, doc, f, iv_name, iv_span, source, scopes, stats, stat_dir,
                                               len(claims)))
            own = [c for c in claims[first_new:] if c.intervention_source == "sentence"]
            if own:
                prev_intervention = (sent.index, own[-1].intervention or "", sent.end)
            elif explicit:
                prev_intervention = (sent.index, _core_name(explicit[0], self.lexicon), sent.end)
        if any(c.intervention_source == "article" for c in claims):
            main = surface[max(mentions.items(), key=lambda kv: (kv[1], kv[0]))[0]] if mentions else None
            kept = [c if c.intervention_source != "article" else replace(c, intervention=main)
                    for c in claims if c.intervention_source != "article" or main]
            claims = [replace(c, id=f"c{i + 1}") for i, c in enumerate(kept)]
        first_claim: dict[int, str] = {}
        for c in claims:
            first_claim.setdefault(c.sentence_index, c.strength)
        return TagResult(tuple(claims), tuple(cues.get(s.index, ()) for s in sentences),
                         tuple(first_claim.get(s.index) or relations.get(s.index) for s in sentences))

    def _make_claim(self, sent: Sentence, doc: Doc, f: _Found, iv_name: str, iv_span: Span | None,
                    source: str, scopes: Sequence[Scope], stats, stat_dir, n: int) -> Claim:
        if f.strength is not None:
            return self._make_parsed_claim(sent, doc, f, iv_name, iv_span, source, scopes, stats, stat_dir, n)
        t0 = f.trigger.start
        hedges = [s for s in _in_scope(scopes, "HEDGE", t0) if not (s.cue_start >= f.trigger.start
                                                                    and s.cue_end <= f.trigger.end)]
        negs = [s for s in _in_scope(scopes, "NEGATED", t0)
                if not (s.cue_start >= f.trigger.start and s.cue_end <= f.trigger.end)]
        if f.kind == "nochange":
            negs = []
        direction = f.direction
        negated = bool(negs)
        if negated or (stat_dir == "no_change" and f.kind in ("verb", "adj", "noun", "assoc", "effectnoun")):
            direction = "no_change"
        elif stat_dir in ("increase", "decrease") and direction == "change":
            direction = stat_dir
        hedged = bool(hedges)
        descriptive = f.kind == "adj" and not _after_causal_verb(doc, f.trigger)
        if f.kind in ("assoc", "assocverb") or is_association(f.trigger) or descriptive:
            strength = "correlational"
        elif hedged:
            strength = "conditional_causal"
        else:
            strength = "direct_causal"
        cue_records = tuple(
            Cue(doc[s.cue_start:s.cue_end].text, sent.start + doc[s.cue_start].idx,
                sent.start + doc[s.cue_end - 1].idx + len(doc[s.cue_end - 1].text), "hedge")
            for s in hedges
        )
        o = doc[f.outcome[0]:f.outcome[1]]
        o_span = (sent.start + o.start_char, sent.start + o.end_char)
        iv = (sent.start + iv_span.start_char, sent.start + iv_span.end_char) if iv_span is not None else None
        return Claim(
            id=f"c{n + 1}",
            sentence_index=sent.index,
            sentence=sent.text,
            start=sent.start,
            end=sent.end,
            intervention=iv_name,
            outcome=o.text,
            direction=direction,  # type: ignore[arg-type]
            hedged=hedged,
            negated=negated,
            intervention_source=source,  # type: ignore[arg-type]
            intervention_span=iv,
            outcome_span=o_span,
            trigger=f.trigger.text,
            outcome_key=f.outcome_key.lower(),
            hedge_cues=cue_records,
            strength=strength,  # type: ignore[arg-type]
            statistics=tuple(stats),
        )


    def _make_parsed_claim(self, sent: Sentence, doc: Doc, f: _Found, iv_name: str, iv_span: Span | None,
                           source: str, scopes: Sequence[Scope], stats, stat_dir, n: int) -> Claim:
        direction = f.direction
        if stat_dir == "no_change" and direction != "no_change":
            direction = "no_change"
        elif stat_dir in ("increase", "decrease") and direction == "change":
            direction = stat_dir
        t0 = f.trigger.start
        cue_records = tuple(
            Cue(doc[s.cue_start:s.cue_end].text, sent.start + doc[s.cue_start].idx,
                sent.start + doc[s.cue_end - 1].idx + len(doc[s.cue_end - 1].text), "hedge")
            for s in _in_scope(scopes, "HEDGE", t0)
        ) if f.hedged else ()
        o = doc[f.outcome[0]:f.outcome[1]]
        iv = (sent.start + iv_span.start_char, sent.start + iv_span.end_char) if iv_span is not None else None
        if iv_span is not None and source == "sentence":
            iv_name = sent.text[iv_span.start_char:iv_span.end_char]
        return Claim(
            id=f"c{n + 1}", sentence_index=sent.index, sentence=sent.text, start=sent.start, end=sent.end,
            intervention=iv_name, outcome=sent.text[o.start_char:o.end_char],
            direction=direction,  # type: ignore[arg-type]
            hedged=bool(f.hedged), negated=bool(f.negated),
            intervention_source=source,  # type: ignore[arg-type]
            intervention_span=iv, outcome_span=(sent.start + o.start_char, sent.start + o.end_char),
            trigger=f.trigger.text, outcome_key=f.outcome_key.lower(), hedge_cues=cue_records,
            strength=f.strength,  # type: ignore[arg-type]
            statistics=tuple(stats),
        )


def merge_found(lexical: list[_Found], parsed: list[_Found]) -> list[_Found]:
    """The claims of a sentence from both readers: the word rules' claims, plus each parse claim whose outcome
    overlaps none of them; a parse claim replaces overlapping word-rule claims that name no intervention."""
    out = list(lexical)
    for p in parsed:
        overlap = [k for k, g in enumerate(out) if p.outcome[0] < g.outcome[1] and g.outcome[0] < p.outcome[1]]
        if not overlap:
            out.append(p)
        elif p.intervention is not None and all(out[k].intervention is None for k in overlap):
            out[overlap[0]] = p  # the parse names the intervention the word reader missed
    return sorted(out, key=lambda f: f.trigger.start)


def _after_causal_verb(doc: Doc, trig: Span) -> bool:
    """Whether an adjective trigger follows a causal verb ("led to fewer awakenings"); without one, "people
    who exercise have lower blood pressure" only states a difference (correlational language)."""
    for sp in doc.spans["trigger"]:
        if sp.end <= trig.start and trig.start - sp.end <= 3 and sp.label_.startswith("verb:"):
            return True
    return False


def _stats_for(f: _Found, found: Sequence[_Found], stats: Sequence, text: str, doc: Doc) -> tuple:
    """The statistics that belong to one claim: those after its trigger and before the next claim's trigger
    (all of them when the sentence holds one claim)."""
    if not stats:
        return ()
    starts = sorted({g.trigger.start_char for g in found})
    if len(starts) <= 1:
        return tuple(stats)
    lo = f.trigger.start_char
    later = [s for s in starts if s > lo]
    hi = later[0] if later else len(text)
    out = []
    for st in stats:
        pos = text.find(st.text) if st.text else -1
        if pos < 0 or lo <= pos < hi:
            out.append(st)
    return tuple(out)


def _core_name(span: Span, lexicon: Lexicon | None = None) -> str:
    """The intervention's name without a trailing head noun ("ketamine therapy" -> "ketamine"), when what
    remains is itself a vocabulary intervention."""
    toks = list(span)
    while len(toks) > 1 and toks[-1].lower_ in INTERVENTION_HEADS:
        toks = toks[:-1]
    core = span.doc[toks[0].i:toks[-1].i + 1]
    terms = (lexicon or default_lexicon()).interventions.terms
    if len(core) < len(span) and terms.get(norm_key(core.text)) is None:
        return span.text
    return core.text


def intervention_key(name: str | None, lexicon: Lexicon | None = None) -> str:
    if not name:
        return ""
    lexicon = lexicon or default_lexicon()
    key = norm_key(name)
    words = key.split()
    while len(words) > 1 and words[-1] in INTERVENTION_HEADS:
        words = words[:-1]
    if words and words[-1] in EXPOSURE_SUFFIXES:
        return " ".join(words)  # "vitamin d deficiency" is not "vitamin d"
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            entry = lexicon.interventions.terms.get(" ".join(words[i:j]))
            if entry is not None:
                return entry.canonical.lower()
    return key


def make_tagger(extra_interventions: tuple[str, ...] = (), extra_outcomes: tuple[str, ...] = ()) -> Tagger:
    nlp = get_nlp(extra_interventions, extra_outcomes)
    lexicon = nlp.get_pipe("claimx_terms").lexicon
    return Tagger(nlp, lexicon, get_syntax(nlp))
