"""The spaCy pipeline: ``spacy.blank("en")`` plus claimx's rule components, registered as factories.

Components (all rules, all data from ``models/``):

- ``claimx_terms``   - intervention and outcome vocabularies -> ``doc.spans["intervention"|"outcome"]``
- ``claimx_effects`` - effect triggers (Matcher/PhraseMatcher on lower-cased tokens) -> ``doc.spans["trigger"]``
- ``claimx_context`` - ConText hedge/negation modifiers with scopes -> ``doc.spans["modifier"]`` and
  ``doc.user_data["cx_scopes"]``

The syntactic model (``models/syntax``: tok2vec, tagger, morphologizer, parser and lemmatizer trained on UD
English-EWT by ``python -m training.syntax``) shares the vocabulary and the tokenizer; it is applied only to
the sentences that may hold a claim (``Syntax.parse``). Nothing is downloaded: everything loads from the
package's files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimx.asides import aside_tokens, quote_tokens, restore, without
from claimx.headlines import KEY as IMPLIED_COPULA
from claimx.headlines import adopt, insertion_point, with_copula
from claimx.lexicon import Lexicon, build_lexicon, default_lexicon, inflect, load_yaml, norm_key
from claimx.paths import model_path

HYPHENS = frozenset({"-", "–", "‐", "‑", "/"})


# ------------------------------------------------------------------------------------------------ terms


class TermTagger:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        keys: list[str] = []
        raws: list[str] = []
        tok_index: list[int] = []
        for tok in doc:
            if tok.text in HYPHENS:
                continue
            key = norm_key(tok.text) if not tok.is_punct else ""
            keys.append(key or "\x00")
            raws.append(tok.text)
            tok_index.append(tok.i)
        found: dict[str, list[Span]] = {}
        for name, index in (("intervention", self.lexicon.interventions), ("outcome", self.lexicon.outcomes)):
            found[name] = [Span(doc, tok_index[a], tok_index[b - 1] + 1, label=entry.label, kb_id=entry.canonical)
                           for a, b, entry in index.scan(keys, raws)]
        # an outcome that overlaps an intervention and runs past its end names a measure of it ("vitamin D
        # levels", "high-intensity exercise performance"): the outcome reading wins
        outcomes = found["outcome"]
        doc.spans["intervention"] = [
            iv for iv in found["intervention"]
            if not any(o.start < iv.end and iv.start < o.end and o.end > iv.end for o in outcomes)
        ]
        doc.spans["outcome"] = outcomes
        return doc


@Language.factory("claimx_terms", default_config={"extra_interventions": [], "extra_outcomes": []})
def make_terms(nlp: Language, name: str, extra_interventions: list[str], extra_outcomes: list[str]) -> TermTagger:
    if extra_interventions or extra_outcomes:
        lexicon = build_lexicon([Path(p) for p in extra_interventions], [Path(p) for p in extra_outcomes])
    else:
        lexicon = default_lexicon()
    return TermTagger(lexicon)


# ---------------------------------------------------------------------------------------------- effects


class EffectTagger:
    """Marks effect triggers. Span labels are ``TYPE:DIRECTION`` (``verb:decrease``, ``adj:increase``,
    ``noun:change``, ``nochange:no_change``, ``assoc:change``, ``effectnoun:change``)."""

    def __init__(self, nlp: Language) -> None:
        data = load_yaml("patterns", "effects.yaml")
        irregular = data.get("irregular", {})
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
        seen: set[str] = set()

        def add(label: str, phrases: Iterable[str]) -> None:
            docs = []
            for phrase in phrases:
                key = f"{label}|{phrase.lower()}"
                if key in seen:
                    continue
                seen.add(key)
                docs.append(nlp.make_doc(phrase))
            if docs:
                self.matcher.add(label, docs)

        for direction, verbs in data.get("verbs", {}).items():
            forms = [f for v in verbs for f in inflect(v, irregular)]
            add(f"verb:{direction}", forms)
        for direction, phrases in data.get("phrases", {}).items():
            add(f"verb:{direction}", phrases)
        for direction, words in data.get("adjectives", {}).items():
            add(f"adj:{direction}", words)
        for direction, words in data.get("nouns", {}).items():
            add(f"noun:{direction}", words)
        add("effectnoun:change", data.get("effect_nouns", []))
        add("nochange:no_change", data.get("no_change", []))
        add("assoc:change", data.get("association", []))
        add("assocverb:change", [f for v in data.get("association_verbs", []) for f in inflect(v, irregular)])
        self.priority = {"nochange": 0, "assoc": 1, "effectnoun": 2, "noun": 3, "verb": 4, "adj": 5,
                         "assocverb": 6}

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        # a trigger word used as a compound modifier ("slow-wave sleep") is not a trigger
        spans = [Span(doc, s, e, label=m) for m, s, e in matches
                 if not (e < len(doc) and doc[e].text in HYPHENS and doc[e].whitespace_ == "")
                 and not (s > 0 and doc[s - 1].text in HYPHENS and doc[s - 1].whitespace_ == "")]
        spans = [self._initial_participle(doc, sp) for sp in spans if self._plausible(doc, sp)]
        # longest first, then by trigger priority; drop overlaps
        spans.sort(key=lambda sp: (-(sp.end - sp.start), self._rank(doc, sp), sp.start))
        taken: set[int] = set()
        kept = []
        for sp in spans:
            if any(i in taken for i in range(sp.start, sp.end)):
                continue
            taken.update(range(sp.start, sp.end))
            kept.append(sp)
        kept.sort(key=lambda sp: sp.start)
        doc.spans["trigger"] = kept
        return doc


    NOUN_CONTEXT_AFTER = frozenset({"in", "of", "on", "upon", "to", "for"})
    NOUN_CONTEXT_BEFORE = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "no",
                                     "any", "significant", "positive", "negative", "small", "large", "marked",
                                     "modest", "slight", "notable", "major", "minor", "sustained", "substantial",
                                     "dramatic", "considerable", "clear", "measurable", "meaningful", "greater"})

    def _noun_context(self, doc: Doc, sp: Span) -> bool:
        after = doc[sp.end].lower_ if sp.end < len(doc) else ""
        before = doc[sp.start - 1].lower_ if sp.start > 0 else ""
        return after in self.NOUN_CONTEXT_AFTER or before in self.NOUN_CONTEXT_BEFORE or before in ("’s", "'s")

    def _initial_participle(self, doc: Doc, sp: Span) -> Span:
        """A sentence-initial "-ed" form modifies the noun after it ("Reduced salivary flow was found"):
        an adjective, not the main verb."""
        if sp.start == 0 and len(sp) == 1 and sp.label_.startswith("verb:") and sp[0].lower_.endswith("ed") and \
                sp.label_.split(":")[1] in ("increase", "decrease", "change"):
            return Span(doc, sp.start, sp.end, label=f"adj:{sp.label_.split(':')[1]}")
        return sp

    def _plausible(self, doc: Doc, sp: Span) -> bool:
        kind = sp.label_.split(":")[0]
        if kind == "effectnoun":
            return sp.end < len(doc) and doc[sp.end].lower_ in ("on", "upon", "in")
        if kind == "assocverb":  # "linked X to Y": an object, then to/with, within a few tokens
            window = [t.lower_ for t in doc[sp.end + 1:sp.end + 8]]
            return sp.end < len(doc) and doc[sp.end].lower_ not in ("to", "with") and any(
                w in ("to", "with") for w in window)
        if kind == "verb" and sp[0].lower_ == "treated" and sp.end < len(doc) and \
                doc[sp.end].lower_ in ("with", "for", "by", "at", "in"):
            return False  # "patients treated with X": who was treated, not an effect
        if kind == "verb" and len(sp) == 1:
            # a one-word verb trigger followed by "of" is a noun ("the commonest causes of pain"); after a
            # determiner or a number it is an adjective or noun ("a 40% lower risk", "the lower dose")
            after = doc[sp.end].lower_ if sp.end < len(doc) else ""
            before = doc[sp.start - 1] if sp.start > 0 else None
            if after == "of" or (before is not None and (before.lower_ in ("a", "an", "the", "%", "its", "their")
                                                         or before.like_num)):
                return False
        return True

    def _rank(self, doc: Doc, sp: Span) -> int:
        """Trigger priority; a word that is both a noun and a verb trigger ("increase", "benefit") reads as
        a noun only in a noun context ("an increase in", "benefits of")."""
        kind = sp.label_.split(":")[0]
        if kind in ("noun", "effectnoun") and not self._noun_context(doc, sp):
            return 6
        return self.priority[kind]


@Language.factory("claimx_effects")
def make_effects(nlp: Language, name: str) -> EffectTagger:
    return EffectTagger(nlp)


# ---------------------------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class Scope:
    category: str
    cue_start: int
    cue_end: int
    start: int
    end: int


class ContextTagger:
    """ConText: modifier cues with a scope direction, from ``models/context/modifiers.yaml``."""

    def __init__(self, nlp: Language) -> None:
        data = load_yaml("context", "modifiers.yaml")
        default_scope = int(data.get("defaults", {}).get("max_scope", 12))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rules: dict[str, tuple[str, str, int]] = {}
        for i, rule in enumerate(data.get("rules", [])):
            key = f"R{i}"
            self.rules[key] = (rule["category"], rule["direction"], int(rule.get("max_scope", default_scope)))
            self.matcher.add(key, [nlp.make_doc(str(rule["literal"]))])

    def __call__(self, doc: Doc) -> Doc:
        cues = []
        for match_id, s, e in self.matcher(doc):
            category, direction, max_scope = self.rules[doc.vocab.strings[match_id]]
            cues.append((s, e, category, direction, max_scope))
        pseudo = [(s, e) for s, e, c, d, _ in cues if d == "pseudo"]
        cues = [c for c in cues if c[3] == "pseudo" or not any(ps <= c[0] and c[1] <= pe for ps, pe in pseudo)]
        # keep the longest cue where cues overlap
        cues.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        kept = []
        last_end = -1
        for cue in cues:
            if cue[0] >= last_end:
                kept.append(cue)
                last_end = cue[1]
        terminators = sorted(s for s, _, c, d, _ in kept if d == "terminate")
        scopes = []
        spans = []
        n = len(doc)
        for s, e, category, direction, max_scope in kept:
            if direction in ("terminate", "pseudo"):
                continue
            spans.append(Span(doc, s, e, label=category))
            if direction in ("forward", "bidirectional"):
                end = min(n, e + max_scope)
                end = min([t for t in terminators if t >= e] + [end])
                scopes.append(Scope(category, s, e, e, end))
            if direction in ("backward", "bidirectional"):
                start = max(0, s - max_scope)
                start = max([t + 1 for t in terminators if t < s] + [start])
                scopes.append(Scope(category, s, e, start, s))
        doc.spans["modifier"] = spans
        doc.user_data["cx_scopes"] = scopes
        doc.user_data["cx_pseudo"] = tuple((s, e) for s, e, _c, d, _m in kept if d == "pseudo")
        return doc


@Language.factory("claimx_context")
def make_context(nlp: Language, name: str) -> ContextTagger:
    return ContextTagger(nlp)


# --------------------------------------------------------------------------------------------- pipeline


def build_nlp(extra_interventions: tuple[str, ...] = (), extra_outcomes: tuple[str, ...] = ()) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimx_terms", config={"extra_interventions": list(extra_interventions),
                                         "extra_outcomes": list(extra_outcomes)})
    nlp.add_pipe("claimx_effects")
    nlp.add_pipe("claimx_context")
    return nlp


@cache
def get_nlp(extra_interventions: tuple[str, ...] = (), extra_outcomes: tuple[str, ...] = ()) -> Language:
    return build_nlp(extra_interventions, extra_outcomes)


# ----------------------------------------------------------------------------------------------- syntax


@spacy.registry.tokenizers("claimx.unused_tokenizer.v1")
def make_unused_tokenizer():
    """The tokenizer of the syntactic model's pipeline, which never tokenises (its Docs come from the rule
    pipeline): spaCy's bare ``Tokenizer``, without the English rules and special cases that the model's
    config names, whose regular expressions and validation cost a tenth of a second at every start."""
    from spacy.tokenizer import Tokenizer

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


class Syntax:
    """The trained syntactic components, applied to already tokenised (and rule-tagged) Docs."""

    def __init__(self, vocab, path: Path | None = None) -> None:
        self.path = path or model_path("syntax")
        if not (self.path / "config.cfg").is_file():
            raise FileNotFoundError(f"claimx's syntactic model is missing ({self.path})")
        # the model's own tokenizer is never used (the Docs come from the rule pipeline): neither its saved
        # special cases (a quarter of a second) nor the English rules of its config are loaded
        self.nlp = spacy.load(self.path, vocab=vocab, exclude=["tokenizer"],
                              config={"nlp": {"tokenizer": {"@tokenizers": "claimx.unused_tokenizer.v1"}}})

    def parse(self, docs: list[Doc], batch_size: int = 64) -> list[Doc]:
        """The Docs with tags, morphology, lemmas and a dependency parse; bracketed statistics and references
        are left out of what the model reads and hang from the word before them (``claimx.asides``)."""
        drops = [_unread(d) for d in docs]
        inputs = [without(d, drop) if drop else d for d, drop in zip(docs, drops, strict=True)]
        read = self._run(inputs, batch_size)
        # a verbless headline predicate ("X as effective as Y"): read again with its copula (claimx.headlines)
        points = {i: k for i, d in enumerate(read) if (k := insertion_point(d)) is not None}
        if points:
            again = self._run([with_copula(read[i], k) for i, k in points.items()], batch_size)
            for (i, k), parsed in zip(points.items(), again, strict=True):
                adopt(read[i], parsed, k)
        return [_restored(d, drop, p) if drop else p for d, drop, p in zip(docs, drops, read, strict=True)]

    def _run(self, docs: list[Doc], batch_size: int) -> list[Doc]:
        for _name, proc in self.nlp.pipeline:
            docs = list(proc.pipe(docs, batch_size=batch_size))
        return docs


def _restored(doc: Doc, drop: frozenset[int], parsed: Doc) -> Doc:
    """``restore`` (the parse of the words read put back onto the whole sentence), with the implied copula of
    a headline moved to the whole sentence's token index."""
    out = restore(doc, drop, parsed)
    copula = parsed.user_data.get(IMPLIED_COPULA)
    if copula:
        kept = [i for i in range(len(doc)) if i not in drop]
        out.user_data[IMPLIED_COPULA] = frozenset(kept[j] for j in copula)
    return out


def _unread(doc: Doc) -> frozenset[int]:
    """The tokens the parser does not read: bracketed asides and quotation marks (``claimx.asides``)."""
    drop = aside_tokens(doc) | quote_tokens(doc)
    return drop if len(doc) - len(drop) >= 3 else frozenset()


@cache
def get_syntax(nlp: Language) -> Syntax:
    return Syntax(nlp.vocab)
