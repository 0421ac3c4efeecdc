"""Synthetic claim sentences with gold UD trees, for fine-tuning claimx's parser.

A parser trained on UD English-EWT alone reads the verb of "Coffee lowers the risk of diabetes" as a plural noun:
web text has few sentences with an effect verb between two noun phrases, and the model has no word vectors to
tell it that "lowers" is a verb. This module writes such sentences from templates, with their annotation built by
the template (UD English-EWT conventions): the noun phrases come from claimx's own vocabularies
(``models/vocab/interventions.tsv``, ``outcomes.tsv``), the verbs from ``models/patterns/effects.yaml``. No corpus
text is used. ``python -m training.syntax.synthetic OUT.spacy [--n 4000] [--seed 0]``.

Each template gives words with (tag, pos, dep, head) per word; a noun phrase of the vocabulary is a chain of
``compound`` (or ``amod`` for a word with an adjective ending) modifiers on its last word.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from claimx.lexicon import inflect, load_yaml
from claimx.paths import model_path

Tok = tuple[str, str, str, str, int]  # word, tag, pos, dep, head (index in the sentence)
MORPH = {"NN": "Number=Sing", "NNS": "Number=Plur", "NNP": "Number=Sing", "VBZ":
         "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "VBP": "Mood=Ind|Tense=Pres|VerbForm=Fin",
         "VBD": "Mood=Ind|Tense=Past|VerbForm=Fin", "VB": "VerbForm=Inf", "VBN": "Tense=Past|VerbForm=Part",
         "VBG": "VerbForm=Ger", "JJ": "Degree=Pos", "JJR": "Degree=Cmp", "MD": "VerbForm=Fin",
         "RB": "", "IN": "", "DT": "", "TO": "", ".": "", "CC": ""}
ADJ_ENDS = ("al", "ic", "ous", "ive", "ary", "ful", "less", "ed", "ent", "ant", "ar")
WORD = re.compile(r"[a-z]+")


def _terms(name: str) -> list[list[str]]:
    out = []
    for line in model_path("vocab", name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("term\t"):
            continue
        words = line.split("\t")[0].split()
        if 1 <= len(words) <= 3 and all(WORD.fullmatch(w) for w in words):
            out.append(words)
    return out


def _verbs() -> dict[str, list[str]]:
    effects = load_yaml("patterns", "effects.yaml")
    irregular = effects.get("irregular", {})
    out: dict[str, list[str]] = {}
    for cls in ("increase", "decrease", "change", "evaluative_up", "evaluative_down", "cause"):
        for v in effects["verbs"].get(cls, []):
            if " " not in str(v) and str(v) not in ("help", "aid", "benefit", "better", "lift", "save", "fix"):
                out[str(v)] = inflect(str(v), irregular)
    return out


def _np(words: list[str], start: int, det: str | None) -> tuple[list[Tok], int]:
    """A noun phrase starting at sentence index ``start``; returns its tokens and the index of its head."""
    toks: list[Tok] = []
    head = start + (1 if det else 0) + len(words) - 1
    if det:
        toks.append((det, "DT", "DET", "det", head))
    for k, w in enumerate(words):
        if k == len(words) - 1:
            plural = w.endswith("s") and not w.endswith(("ss", "us", "is", "sis"))
            toks.append((w, "NNS" if plural else "NN", "NOUN", "", -1))
        else:
            adj = w.endswith(ADJ_ENDS)
            toks.append((w, "JJ" if adj else "NN", "ADJ" if adj else "NOUN", "amod" if adj else "compound", head))
    return toks, head


def _set(toks: list[Tok], i: int, dep: str, head: int) -> None:
    w, tag, pos, _, _ = toks[i]
    toks[i] = (w, tag, pos, dep, head)


def _plural(toks: list[Tok], head: int) -> bool:
    return toks[head][1] == "NNS"


class Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.interventions = _terms("interventions.tsv")
        self.outcomes = _terms("outcomes.tsv")
        self.verbs = _verbs()
        self.templates: list[Callable[[], list[Tok]]] = [
            self.active, self.active, self.active, self.passive, self.linked, self.likely, self.risk,
            self.result, self.lead_to, self.gerund_subject]

    def _iv(self) -> list[str]:
        return self.rng.choice(self.interventions)

    def _out(self) -> list[str]:
        return self.rng.choice(self.outcomes)

    def _det(self) -> str | None:
        return self.rng.choice([None, None, "the"])

    def active(self) -> list[Tok]:
        toks, s = _np(self._iv(), 0, None)
        forms = self.rng.choice(list(self.verbs.values()))
        modal = self.rng.random() < 0.35
        adverb = self.rng.random() < 0.15
        v = len(toks) + modal + adverb
        if modal:
            toks.append((self.rng.choice(["may", "can", "could", "might", "will"]), "MD", "AUX", "aux", v))
        if adverb:
            toks.append((self.rng.choice(["significantly", "sharply", "greatly", "also"]), "RB", "ADV", "advmod", v))
        if modal:
            toks.append((forms[0], "VB", "VERB", "ROOT", v))
        elif self.rng.random() < 0.5:
            toks.append((forms[2], "VBD", "VERB", "ROOT", v))
        else:
            plural = _plural(toks, s)
            toks.append((forms[0] if plural else forms[1], "VBP" if plural else "VBZ", "VERB", "ROOT", v))
        _set(toks, s, "nsubj", v)
        obj, o = _np(self._out(), len(toks), self._det())
        toks += obj
        _set(toks, o, "obj", v)
        return self._end(toks, v)

    def passive(self) -> list[Tok]:
        toks, s = _np(self._out(), 0, self._det())
        forms = self.rng.choice(list(self.verbs.values()))
        v = len(toks) + 1
        toks.append(("were" if _plural(toks, s) else "was", "VBD", "AUX", "aux:pass", v))
        toks.append((forms[3] if len(forms) == 5 else forms[2], "VBN", "VERB", "ROOT", v))
        _set(toks, s, "nsubj:pass", v)
        toks.append(("by", "IN", "ADP", "case", -1))
        by = len(toks) - 1
        agent, a = _np(self._iv(), len(toks), None)
        toks += agent
        _set(toks, a, "obl", v)
        _set(toks, by, "case", a)
        return self._end(toks, v)

    def linked(self) -> list[Tok]:
        toks, s = _np(self._iv(), 0, None)
        v = len(toks) + 1
        toks.append(("are" if _plural(toks, s) else "is", "VBP" if _plural(toks, s) else "VBZ", "AUX", "aux:pass", v))
        word, prep = self.rng.choice([("linked", "to"), ("associated", "with"), ("tied", "to"), ("linked", "with")])
        toks.append((word, "VBN", "VERB", "ROOT", v))
        _set(toks, s, "nsubj:pass", v)
        toks.append((prep, "IN", "ADP", "case", -1))
        p = len(toks) - 1
        obj, o = _np(self._out(), len(toks), None)
        toks += obj
        _set(toks, o, "obl", v)
        _set(toks, p, "case", o)
        return self._end(toks, v)

    def likely(self) -> list[Tok]:
        toks, s = _np(self._iv(), 0, None)
        j = len(toks) + 2
        plural = _plural(toks, s)
        toks.append(("are" if plural else "is", "VBP" if plural else "VBZ", "AUX", "cop", j))
        toks.append((self.rng.choice(["more", "less"]), "RBR", "ADV", "advmod", j))
        toks.append(("likely", "JJ", "ADJ", "ROOT", j))
        _set(toks, s, "nsubj", j)
        v = j + 2
        toks.append(("to", "TO", "PART", "mark", v))
        toks.append((self.rng.choice(["develop", "have", "report", "get"]), "VB", "VERB", "xcomp", j))
        obj, o = _np(self._out(), len(toks), None)
        toks += obj
        _set(toks, o, "obj", v)
        return self._end(toks, j)

    def risk(self) -> list[Tok]:
        toks, s = _np(self._iv(), 0, None)
        v = len(toks)
        toks.append(("had", "VBD", "VERB", "ROOT", v))
        _set(toks, s, "nsubj", v)
        r = v + 3
        toks.append(("a", "DT", "DET", "det", r))
        toks.append((self.rng.choice(["higher", "lower", "greater", "reduced"]), "JJR", "ADJ", "amod", r))
        toks.append(("risk", "NN", "NOUN", "obj", v))
        toks.append(("of", "IN", "ADP", "case", -1))
        p = len(toks) - 1
        obj, o = _np(self._out(), len(toks), None)
        toks += obj
        _set(toks, o, "nmod", r)
        _set(toks, p, "case", o)
        return self._end(toks, v)

    def result(self) -> list[Tok]:
        toks, s = _np(self._out(), 0, None)
        j = len(toks) + 1
        toks.append(("were" if _plural(toks, s) else "was", "VBD", "AUX", "cop", j))
        toks.append((self.rng.choice(["lower", "higher", "shorter", "longer", "greater"]), "JJR", "ADJ", "ROOT", j))
        _set(toks, s, "nsubj", j)
        for lead, arm in ((["in", "the"], self._iv()), (["than", "in", "the"], ["placebo"])):
            g = len(toks) + len(lead) + len(arm)  # the index of "group"
            for w in lead:
                toks.append((w, "DT" if w == "the" else "IN", "DET" if w == "the" else "ADP",
                             "det" if w == "the" else "case", g))
            for w in arm:
                toks.append((w, "NN", "NOUN", "compound", g))
            toks.append(("group", "NN", "NOUN", "obl", j))
        return self._end(toks, j)

    def lead_to(self) -> list[Tok]:
        toks, s = _np(self._iv(), 0, None)
        v = len(toks) + (1 if self.rng.random() < 0.3 else 0)
        if v != len(toks):
            toks.append(("may", "MD", "AUX", "aux", v))
            toks.append(("lead", "VB", "VERB", "ROOT", v))
        else:
            toks.append(("led", "VBD", "VERB", "ROOT", v))
        _set(toks, s, "nsubj", v)
        n = v + 3
        noun = self.rng.choice(["reduction", "increase", "fall", "rise", "drop", "improvement"])
        toks.append(("to", "IN", "ADP", "case", n))
        toks.append(("an" if noun[0] in "aeiou" else "a", "DT", "DET", "det", n))
        toks.append((noun, "NN", "NOUN", "obl", v))
        toks.append(("in", "IN", "ADP", "case", -1))
        p = len(toks) - 1
        obj, o = _np(self._out(), len(toks), None)
        toks += obj
        _set(toks, o, "nmod", n)
        _set(toks, p, "case", o)
        return self._end(toks, v)

    def gerund_subject(self) -> list[Tok]:
        ger = self.rng.choice(["Eating", "Drinking", "Taking", "Using", "Avoiding"])
        toks: list[Tok] = [(ger.lower(), "VBG", "VERB", "csubj", -1)]
        obj, o = _np(self._iv(), 1, None)
        toks += obj
        _set(toks, o, "obj", 0)
        forms = self.rng.choice(list(self.verbs.values()))
        v = len(toks)
        toks.append((forms[1], "VBZ", "VERB", "ROOT", v))
        _set(toks, 0, "csubj", v)
        out, x = _np(self._out(), len(toks), self._det())
        toks += out
        _set(toks, x, "obj", v)
        return self._end(toks, v)

    def _end(self, toks: list[Tok], root: int) -> list[Tok]:
        toks.append((".", ".", "PUNCT", "punct", root))
        return toks

    def doc(self, vocab: Vocab) -> Doc:
        toks = self.rng.choice(self.templates)()
        words = [t[0] for t in toks]
        words[0] = words[0][:1].upper() + words[0][1:]
        heads = [t[4] for t in toks]
        assert all(0 <= h < len(toks) for h in heads), toks
        return Doc(vocab, words=words, spaces=[True] * (len(words) - 2) + [False, False],
                   tags=[t[1] for t in toks], pos=[t[2] for t in toks], deps=[t[3] for t in toks], heads=heads,
                   morphs=[MORPH.get(t[1], "") for t in toks], sent_starts=[True] + [False] * (len(toks) - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    builder = Builder(random.Random(args.seed))
    vocab = Vocab()
    bin_ = DocBin(attrs=["ORTH", "TAG", "POS", "MORPH", "DEP", "HEAD", "SENT_START"], store_user_data=False)
    for _ in range(args.n):
        bin_.add(builder.doc(vocab))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(args.out)
    print(f"{args.n} sentences -> {args.out}")


if __name__ == "__main__":
    main()
