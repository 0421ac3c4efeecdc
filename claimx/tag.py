"""Tag stage: sentences -> claims (intervention, outcome, direction, hedged, negated, strength, statistics).

The orchestration of ``claimx.claims``: each sentence that is not a non-claim (``nonclaims``) is read by the
word rules (``wordrules``, over the spans of the spaCy rule pipeline ``claimx.nlp``) and, when it may hold a
claim, parsed and read by the constructions (``assemble``; ``fragments`` for headlines the parser misreads).
The two readers' claims are merged, built into ``Claim`` records with the sentence's statistics (``build``),
and the discourse step (``discourse``) gives an intervention to the claims whose sentence names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimx import stats as stats_mod
from claimx.claims.assemble import parse_claims
from claimx.claims.build import Found, build_claim, core_name, from_parsed, intervention_key
from claimx.claims.constructions import asserted, cue_words, degree_of, grammar, upos
from claimx.claims.correlative import correlative_claims
from claimx.claims.discourse import Discourse, names_own_exposure, reports_result
from claimx.claims.fragments import explains, fragment_claims
from claimx.claims.nonclaims import nonclaim_reason
from claimx.claims.repairs import repair
from claimx.claims.results import no_change_claim, statistics_claim
from claimx.claims.spans import syntax_words
from claimx.claims.wordrules import SentenceTagger, sentence_relation
from claimx.headlines import implied_copula
from claimx.lexicon import Lexicon
from claimx.nlp import Scope, Syntax, get_nlp, get_syntax
from claimx.records import Claim, Cue, Sentence

__all__ = ["TagResult", "Tagger", "heading_asserts", "intervention_key", "make_tagger", "merge_found",
           "needs_parse", "nonclaim_reason", "sentence_relation"]

DIGIT = re.compile(r"\d")
# A "sentence" longer than this is unpunctuated running text (a pasted table, a log); it is not tagged, which
# keeps run time linear and below spaCy's length limit.
MAX_SENTENCE_CHARS = 5000


@dataclass(frozen=True, slots=True)
class TagResult:
    claims: tuple[Claim, ...]
    cues: tuple[tuple[Cue, ...], ...]  # hedge cues of every sentence
    relations: tuple[str | None, ...]  # strength of the relationship each sentence asserts, if any


CAPS_WORD = re.compile(r"\b[A-Z]{4,}\b")
# no-break and other fixed-width spaces read as plain spaces, a soft hyphen as a hyphen (one character each)
SPACES = str.maketrans({c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                                          "\u200a\u202f\u205f\u3000"} | {"\u00ad": "-"})


def _parse_text(text: str, acronyms: frozenset[str] = frozenset()) -> str:
    """The text the language models read (same offsets): an all-capitals headline is read in lower case, and
    so is a word in capitals inside mixed text ("Eating a Mediterranean diet SLASHES your risk"), unless it
    is one of the vocabulary's case-sensitive ``acronyms`` (lower-cased words). No-break spaces are spaces."""
    text = text.translate(SPACES)
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        low = text.lower()
        if len(low) == len(text):
            return low
    if CAPS_WORD.search(text) is None:
        return text
    return CAPS_WORD.sub(lambda m: m.group(0) if m.group(0).lower() in acronyms else m.group(0).lower(), text)


def needs_parse(doc: Doc) -> bool:
    """Parse only what may hold a claim: a sentence (not a non-claim one) with an effect trigger or a
    construction cue word in it, or a trial result with numbers."""
    if len(doc.spans["trigger"]):
        return True
    cues = cue_words()
    if any(t.lower_ in cues for t in doc):
        return True
    # a trial result told by its numbers ("Survival was 87 months in the A arm and 89 in the B arm (p = 0.66)",
    # "Pain lasted 0.5 and 1.6 days, respectively (p = 0.008)")
    if DIGIT.search(doc.text) is None:
        return False
    return reports_result(doc.text, False) or stats_mod.paired_direction(
        doc.text, stats_mod.find_statistics(doc.text)) is not None


FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})
# claims read from a result's numbers or no-difference phrase: the arms are the exposure, not a "who" clause
NUMBER_READINGS = frozenset({"parse:statistics", "parse:no_change_result"})
VERBLESS_CONSTRUCTIONS = frozenset({"parse:likelihood", "parse:risk_noun"})


def heading_asserts(doc: Doc, f: Found) -> bool:
    """Whether a heading states its effect: a finite verb (or a verbless "more likely to" / "higher risk
    of" headline), not an imperative, a question or a topic ("Assess How X Influences Y", "Understanding X's
    Effect on Y")."""
    first = doc[0]
    if explains(doc):
        if f.direction == "change":
            return False  # "How Melatonin Affects Sleep": a topic, the effect is what the text explains
        first = doc[1]  # "How exercise undoes the harm of drinking": the clause after "how" is stated
    if _imperative(first) or first.lower_ in ("how", "why", "what", "when", "which", "who", "can", "does", "do",
                                                "is", "are", "should"):
        return False
    if f.kind in VERBLESS_CONSTRUCTIONS or (f.negated and f.trigger.root.pos_ == "NOUN"):
        return True  # "Farm kids at higher risk of X"; "No link between X and Y" states a finding
    tok = f.trigger.root
    for _ in range(8):
        if tok.tag_ in FINITE_TAGS or implied_copula(tok) or any(_finite_aux(c) for c in tok.children):
            return True
        subject = any(c.dep_ in ("nsubj", "nsubj:pass") for c in tok.children)
        if upos(tok) == "VERB" and tok.tag_ not in ("VB", "VBG") and subject:
            return True  # a headline's "X reduced Y" (read as a participle) still has its subject
        if upos(tok) == "VERB" and tok.tag_ == "VB" and subject and not any(
                c.dep_ in ("aux", "mark") for c in tok.children):
            return True  # "Home-made meals 'contain more salt'": a present-tense verb tagged as a base form
        if (tok.i == f.trigger.root.i and upos(tok) == "VERB" and tok.pos_ in ("NOUN", "PROPN")
                and not tok.lower_.endswith("ing") and any(c.dep_ == "obj" for c in tok.children)):
            # "Honey extracts curb the growth of ...": the trigger, a present verb read as a noun, takes its
            # object (a gerund read so opens a topic: "Investigating X's Effects on Y")
            return True
        if (upos(tok) == "VERB" and tok.tag_ in ("VBD", "VBN") and any(c.dep_ == "obj" for c in tok.children)
                and tok.dep_ not in ("acl", "acl:relcl", "amod", "advcl", "xcomp", "ccomp", "csubj")):
            return True  # "X, which is made by Y, reduced Z": a participle takes no object, a past verb does
        if tok.head.i == tok.i:
            return _gerund_subject_verb(doc)
        tok = tok.head
    return False


def _finite_aux(c: Token) -> bool:
    """A finite auxiliary or copula ("do" in a lower-cased headline is tagged as a base form, yet is finite)."""
    if c.dep_.startswith("aux") or c.dep_ == "cop":
        return c.tag_ in FINITE_TAGS or (c.dep_.startswith("aux") and c.lower_ in syntax_words("do_forms"))
    return False


def _imperative(first: Token) -> bool:
    """A line opening with an imperative ("Take vitamin D to ..."): a base-form verb that heads the clause; a
    noun the tagger read as a base form ("Stem cells look ...") is a subject or modifier in the parse."""
    return first.tag_ == "VB" and first.dep_ not in ("nsubj", "nsubj:pass", "compound", "amod", "nmod", "obj",
                                                     "obl", "nmod:poss")


def _gerund_subject_verb(doc: Doc) -> bool:
    """A headline whose opening gerund phrase the parser made the root, with the finite verb coordinated to it
    ("Standing up helps prevent X", "helps" read as a conjunct of "Standing"): the verb is stated."""
    root = doc[0]
    if root.dep_ != "ROOT" or root.tag_ != "VBG":
        return False
    return any(c.dep_ == "conj" and c.tag_ in ("VBZ", "VBD") and not any(g.dep_ == "cc" for g in c.children)
               for c in root.children)


def _scopes(scopes: Sequence[Scope], category: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in scopes if s.category == category]


@dataclass
class Tagger:
    nlp: Language
    lexicon: Lexicon
    syntax: Syntax | None = None
    _acronyms: frozenset[str] | None = field(default=None, repr=False)

    def acronyms(self) -> frozenset[str]:
        """The words of case-sensitive vocabulary terms ("AIDS"), lower-cased: kept in capitals for the models."""
        if self._acronyms is None:
            self._acronyms = frozenset(
                w for index in (self.lexicon.interventions, self.lexicon.outcomes)
                for key, entry in index.own_terms().items() if entry.case_sensitive for w in key.split())
        return self._acronyms

    def docs(self, candidates: Sequence[Sentence], batch_size: int = 256):
        """(sentence, Doc, is_claim_sentence) triples; the claim sentences that may hold a claim are parsed."""
        for k in range(0, len(candidates), batch_size):
            chunk = candidates[k:k + batch_size]
            acronyms = self.acronyms()
            docs = list(self.nlp.pipe((_parse_text(s.text, acronyms) for s in chunk), batch_size=batch_size))
            claim_like = [nonclaim_reason(s.text) is None for s in chunk]
            if self.syntax is not None:
                need = [i for i, d in enumerate(docs) if claim_like[i] and needs_parse(d)]
                for i, d in zip(need, self.syntax.parse([docs[i] for i in need]), strict=True):
                    docs[i] = repair(d)
            yield from zip(chunk, docs, claim_like, strict=True)

    def tag(self, sentences: Sequence[Sentence], text: str | None = None, batch_size: int = 256
            ) -> tuple[Claim, ...]:
        return self.tag_all(sentences, text, batch_size).claims

    def read(self, sent: Sentence, doc: Doc, tagger: SentenceTagger) -> list[Found]:
        """The claims both readers find in one claim sentence, merged."""
        heading = sent.kind == "heading"
        found = tagger.claims(doc)
        if not doc.has_annotation("DEP"):
            return [] if heading else found
        if heading:  # a heading's word-rule claims pass the parse's check too: a stated effect, not a topic
            found = [f for f in found if heading_asserts(doc, f)]
        # the parse scopes what the word rules cannot: an effect hoped for, aimed at, recommended or
        # investigated ("We hope the therapy will reduce stillbirths") is no claim
        found = [f for f in found if asserted(doc[f.trigger.start], purposes=False)]
        scopes: list[Scope] = doc.user_data.get("cx_scopes", [])
        hedges, negations = _scopes(scopes, "HEDGE"), _scopes(scopes, "NEGATED")
        correlative = correlative_claims(doc, self.lexicon, hedges, negations)
        if correlative:  # "The more X, the lower Y": read by order, the parse has no reading of it
            return [from_parsed(p, doc) for p in correlative]
        raw = parse_claims(doc, self.lexicon, hedges, negations)
        parsed = [from_parsed(p, doc) for p in raw if p.intervention is not None or p.refers_back]
        if not parsed and not found:
            # a trial result and nothing else: its claims keep an intervention the discourse supplies, or that
            # stays unnamed ("Pain scores were lower in the treatment group (p = 0.01)"); with no construction,
            # the numbers state it ("Mortality was 26% vs 45% (P = 0.17)")
            statistics = stats_mod.find_statistics(sent.text) if DIGIT.search(sent.text) else ()
            arms = reports_result(sent.text, False)
            if raw and (arms or statistics):
                parsed = [from_parsed(p, doc) for p in raw]
            else:
                # with no construction, the numbers state it; with no numbers, a no-difference phrase
                stated = (statistics_claim(doc, statistics, arms) if statistics else None) or no_change_claim(doc, arms)
                parsed = [from_parsed(stated, doc)] if stated is not None else []
        if heading:
            parsed = [f for f in parsed if heading_asserts(doc, f)]
        if not parsed and not any(f.intervention is not None for f in found):
            # a headline verb the parser read as a noun ("Gene therapy restores sight")
            parsed = [from_parsed(p, doc) for p in fragment_claims(doc, self.lexicon, hedges, negations)]
        return merge_found(found, parsed)

    def tag_all(self, sentences: Sequence[Sentence], text: str | None = None, batch_size: int = 256
                ) -> TagResult:
        """Claims, and the hedge cues and relation of every sentence (aligned with ``sentences``).

        ``text`` is the document's extracted text; with it, an intervention is inherited from the previous
        sentence only within the same paragraph (no blank line between them)."""
        candidates = [s for s in sentences if s.kind not in ("table_row", "reference")
                      and len(s.text) <= MAX_SENTENCE_CHARS]
        tagger = SentenceTagger(self.lexicon)
        discourse = Discourse(self.lexicon, text)
        cues: dict[int, tuple[Cue, ...]] = {}
        relations: dict[int, str] = {}
        claims: list[Claim] = []
        # One pass; each Doc is dropped after its sentence, so memory does not grow with the document.
        for sent, doc, is_claim_sentence in self.docs(candidates, batch_size):
            cues[sent.index] = tuple(
                Cue(sp.text, sent.start + sp.start_char, sent.start + sp.end_char, "hedge")
                for sp in doc.spans["modifier"] if sp.label_ == "HEDGE"
            )
            found = self.read(sent, doc, tagger) if is_claim_sentence else []
            rel = sentence_relation(doc) if is_claim_sentence and sent.kind != "heading" else None
            if rel:
                relations[sent.index] = rel
            all_stats = stats_mod.find_statistics(sent.text) if found and DIGIT.search(sent.text) else ()
            # a result stated as not significant in words ("..., but the difference did not reach
            # significance") is no change, like a p-value at or above 0.05
            unproven = (bool(found) and not all_stats and reports_result(sent.text, False)
                        and stats_mod.comparative_direction(sent.text) == "no_change")
            built: list[Claim] = []
            for f in found:
                stats = _stats_for(f, found, all_stats, sent.text, doc)
                stat_dir, pair = _numbers_direction(f, stats, sent.text, unproven)
                if f.intervention is not None:
                    span = f.intervention
                    name = (sent.text[span.start_char:span.end_char] if f.kind.startswith("parse:")
                            else core_name(span, self.lexicon))
                elif names_own_exposure(sent.text) and f.kind not in NUMBER_READINGS:
                    continue  # "Women who breastfed had ...": the unrecognised exposure is here, not inherited
                elif (subject := tagger.own_subject(doc, f)) is not None:
                    if _the_study(subject):
                        continue  # "Our results add to the evidence": the study speaking, not an exposure
                    name, span = subject.text, subject
                else:
                    # the discourse step supplies it; a referring phrase ("the new pill") stays when nothing does
                    span = f.anaphor
                    name = span.text if span is not None else ""
                source = "sentence" if span is not None and span is not f.anaphor else "article"
                if pair is not None:  # "was 3.1% with X and 7.2% with Y (p = 0.01)": for the arm the claim names
                    at = span.start_char if source == "sentence" and span is not None else None
                    stat_dir = pair.for_arm_at(at)
                built.append(build_claim(sent, doc, f, name, span, source,
                                         stats, stat_dir, len(claims) + len(built)))
            claims.extend(discourse.apply(sent, built, list(doc.spans["intervention"])))
        claims = discourse.finish(claims)
        first_claim: dict[int, str] = {}
        for c in claims:
            first_claim.setdefault(c.sentence_index, c.strength)
        return TagResult(tuple(claims), tuple(cues.get(s.index, ()) for s in sentences),
                         tuple(first_claim.get(s.index) or relations.get(s.index) for s in sentences))


def merge_found(lexical: list[Found], parsed: list[Found]) -> list[Found]:
    """The claims of a sentence from both readers: the word rules' claims, plus each parse claim whose outcome
    overlaps none of them; a parse claim replaces overlapping word-rule claims that name no intervention and no
    referring subject."""
    out = list(lexical)
    for p in parsed:
        overlap = [k for k, g in enumerate(out) if p.outcome[0] < g.outcome[1] and g.outcome[0] < p.outcome[1]]
        if not overlap:
            out.append(p)
        elif _names(p) and not any(_names(out[k]) for k in overlap):
            out[overlap[0]] = p  # the parse names the intervention (or a referring subject) the word reader missed
        elif all(_widens(p, out[k]) for k in overlap):
            out[overlap[0]] = p  # "Cracked tiles in a damp shower raise ...": the whole phrase, not "damp"
        elif _names(p) and all(_degree_outside(p, out[k]) for k in overlap):
            out[overlap[0]] = p  # "leads to lower blood pressure": the degree word gives the direction
        elif _names(p) and p.negated and not any(out[k].negated or out[k].direction == "no_change" for k in overlap):
            out[overlap[0]] = p  # the tree scopes a negation the word window missed ("no evidence that X ...")
    return sorted(out, key=lambda f: f.trigger.start)


def _widens(parsed: Found, word: Found) -> bool:
    """Whether the parse read the same claim with an intervention phrase that holds the word rules' one and
    is headed elsewhere (the word rules took a modifier inside it: "damp" of "tiles in a damp shower")."""
    a, b = parsed.intervention, word.intervention
    # a phrase the word rules' one opens ("Vitamin D supplements", "melatonin group") is theirs to name
    return (a is not None and b is not None and a.start < b.start and b.end <= a.end
            and a.root.i != b.root.i and parsed.direction == word.direction)


def _numbers_direction(f: Found, stats: Sequence, text: str, unproven: bool
                       ) -> tuple[str | None, stats_mod.PairedValues | None]:
    """The direction the sentence's numbers and comparison give a claim, or None, and a pair of per-arm values
    (whose direction depends on the arm the claim names, known later). In order: the statistics themselves;
    two values with a p-value ("9.5 and 14.7 days, p = 0.005"); for a claim of unstated direction (a change
    noun: "the fold change was significantly lower than with placebo"), the comparison of arms, read for the
    intervention arm."""
    stat_dir = stats_mod.direction_from_statistics(stats) if stats else ("no_change" if unproven else None)
    pair = stats_mod.paired_values(text, stats) if stat_dir is None and stats else None
    if f.direction == "change" and stat_dir is None and pair is None:
        compared = stats_mod.comparative_direction(text)
        stat_dir = compared if compared in ("increase", "decrease") else None
    return stat_dir, pair


def _the_study(subject: Span) -> bool:
    """A subject that is the study or its people, determined ("Our results", "The researchers", "This
    analysis"): who reports, not what acts ("Data could predict ..." and a gerund "finding a cure" are not)."""
    head = subject[-1]
    agents = grammar().agents
    dets = syntax_words("study_determiners")
    before = subject.doc[subject.start - 1].lower_ if subject.start > 0 else ""
    return (head.tag_ != "VBG" and (head.lower_ in agents or head.lemma_.lower() in agents)
            and (subject[0].lower_ in dets or before in dets))


def _degree_outside(parsed: Found, word: Found) -> bool:
    """Whether the word rules took a more/less word into the outcome ("lower blood pressure") that the parse
    read as the claim's degree: the same intervention head, the word rules' outcome the parse's one with
    degree words before it, and another direction."""
    (ps, pe), (ws, we) = parsed.outcome, word.outcome
    if not (ws < ps and pe == we and parsed.direction != word.direction):
        return False
    a, b = parsed.intervention, word.intervention
    if a is None or b is None or a.root.i != b.root.i:
        return False
    doc = parsed.trigger.doc
    return all(degree_of([t]) is not None for t in doc[ws:ps])


def _names(f: Found) -> bool:
    return f.intervention is not None or f.anaphor is not None


def _stats_for(f: Found, found: Sequence[Found], stats: Sequence, text: str, doc: Doc) -> tuple:
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



def make_tagger(extra_interventions: tuple[str, ...] = (), extra_outcomes: tuple[str, ...] = ()) -> Tagger:
    nlp = get_nlp(extra_interventions, extra_outcomes)
    lexicon = nlp.get_pipe("claimx_terms").lexicon
    return Tagger(nlp, lexicon, get_syntax(nlp))
