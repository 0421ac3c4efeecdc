#!/usr/bin/env python3
"""Build models/vocab/drug_stoplist.txt: drug-lexicon variants that claimx must never tag as a drug.

claimx uses the drug lexicon shipped inside the PyPI package drug-named-entity-recognition (MIT): the bz2
pickle ``drug_ner_dictionary.pkl.bz2`` in the installed package folder, a dict whose key
``drug_variant_to_canonical`` maps ~107k lower-case variants to canonical drug names. It is loaded here
directly with bz2 + pickle; the package's modules are NOT imported (they have import-time side effects).

Many variants are ordinary words, names, foods, body chemicals or outcome words rather than interventions
("sits", "diamonds", "kendrick", "cortisol", "c-reactive protein", "sedative effects"). A variant goes on
the stoplist when any rule below flags it, unless it is a term of models/vocab/interventions.tsv (our
own vocabulary decides those) :

  R1 frequent word   single alphabetic word with wordfreq Zipf frequency >= ZIPF_MIN in English and not in
                     KEEP_FREQUENT, the hand-reviewed list of frequent words that ARE drug / supplement /
                     substance names ("aspirin", "insulin", "heroin", "melatonin"...)
  R2 short           3 characters or fewer
  R3 our vocabulary  equal (case-insensitively) to an outcome term, a population word, a non-outcome
                     word or an outcome head of models/vocab/
  R4 effect phrase   last word is an effect / measurement word ("sedative effects", "blood alcohol level")
  R5 reviewed        EXTRA_STOP, multi-word variants made of everyday words that name no intervention
                     ("all clear", "special k", "protein c"), found by listing multi-word variants whose
                     words all have Zipf >= 4 and reviewing them by eye

wordfreq is a BUILD-time dependency only (``pip install wordfreq``); claimx does not need it at run time.
Output: sorted, one variant per line, after a '#' header giving sources, counts and the rule of each entry.
Usage:  python tools/build_drug_stoplist.py [--check]   (--check: exit 1 if the committed file differs)
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "models" / "vocab"
OUT = VOCAB / "drug_stoplist.txt"
ZIPF_MIN = 2.5  # the brief suggested ~3.5; the lexicon is already pre-filtered, so we look lower and review

# R1 exceptions, reviewed by eye: frequent single words that are genuine drug, drug-class, supplement,
# herbal-remedy or psychoactive-substance names. Foods (pecans, cloves, oregano), body chemicals
# (cortisol, dopamine, histamine), pesticides, lab reagents and personal names are NOT kept.
KEEP_FREQUENT = {
    "acetaminophen", "adderall", "advil", "aloe", "ambien", "amphetamine", "amphetamines", "analgesic",
    "anesthetic", "antibiotic", "antibiotics", "antidepressant", "antidepressants", "antipsychotic",
    "aspirin", "atropine", "belladonna", "benadryl", "benzodiazepines", "biotin", "bismuth", "botox",
    "cannabinoids", "chamomile", "cialis", "cocaine", "codeine", "contraceptives", "cortisone", "diazepam",
    "ecstasy", "epinephrine", "estrogen", "fentanyl", "folate", "gaba", "ginseng", "heparin", "heroin",
    "ibuprofen", "immunoglobulin", "insulin", "interferon", "ketamine", "laxatives", "licorice", "lidocaine",
    "lithium", "marijuana", "mdma", "melatonin", "metformin", "methadone", "methamphetamine", "morphine",
    "myrrh", "naloxone", "narcotic", "narcotics", "nitrates", "nsaids", "opioid", "opioids", "opium",
    "oxycodone", "paracetamol", "penicillin", "peppermint", "prednisone", "prozac", "psychedelic",
    "quinine", "ritalin", "sedatives", "statin", "statins", "sunscreen", "tryptophan", "tylenol", "valium",
    "viagra", "warfarin", "wormwood", "xanax", "zoloft",
}

# R4: a variant whose last word is one of these describes an effect or a measurement, not a product.
EFFECT_WORDS = {"effect", "effects", "level", "levels", "concentration", "concentrations", "content", "markers"}

# R5: reviewed multi-word variants made of everyday words (all words Zipf >= 4) that would match ordinary
# text or name a body molecule / lab entity rather than an intervention.
EXTRA_STOP = {
    "a t protein", "activated factor v", "activated factor x", "activated factor xi", "advantage arrest",
    "advantage multi", "all clear", "ancient dna", "android f", "april protein", "bad protein",
    "band iii protein", "base q", "beta cop", "beta snap", "bid protein", "big k channel", "big k channels",
    "bio e", "biological pump", "blood group", "blood groups", "blood stone", "boots bite", "call protein",
    "cap binding protein", "cap binding proteins", "cap z protein", "chemical libraries", "clear by design",
    "clear eyes", "clock protein", "clock proteins", "cold shock protein", "cold shock proteins",
    "cold stress protein", "cold stress proteins", "complex iii", "compound c", "compound q", "constant t",
    "core binding factor", "core binding factors", "core protein v", "ears and nose", "eye lens protein",
    "f box protein", "f box proteins", "factor d", "factor h", "factor i human", "factor ii", "factor x",
    "far go", "formula magic", "g protein", "g protein go", "gap protein", "gap proteins", "heat shock protein",
    "heat shock proteins", "heat spray", "heavy water", "house dust", "hub protein", "immune factor",
    "immune factors", "ion channel", "ion channels", "ion pump", "lens proteins", "lets proteins",
    "light green", "light protein", "m cells", "m components", "man whole", "medical air", "milk acid",
    "molecular oxygen", "mother of pearl", "muscle protein", "muscle proteins", "natural killer cell",
    "oral defense", "orange x", "pad type i", "period proteins", "pre par", "pro air", "protein a",
    "protein c", "protein s", "q base", "ran protein", "ran proteins", "rank protein", "reduced com",
    "reducing agent", "reducing agents", "rick protein", "sang whole", "slam protein", "special k",
    "spotted cat", "spray and solution", "state of return", "steel factor", "stress protein",
    "stress proteins", "substance k", "substance p", "t cell factor", "t cell factors", "tax protein",
    "tea domain", "thank protein", "trail protein", "twist protein", "unique e", "visual purple",
    "was protein family", "water channel", "water channels", "wave proteins", "wood sugar",
}


def lexicon_path() -> Path:
    spec = importlib.util.find_spec("drug_named_entity_recognition")  # locates the folder; imports nothing
    if spec is None or not spec.submodule_search_locations:
        sys.exit("drug-named-entity-recognition is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "drug_ner_dictionary.pkl.bz2"


def load_variants() -> dict[str, list[str]]:
    with bz2.open(lexicon_path(), "rb") as f:
        return pickle.load(f)["drug_variant_to_canonical"]


def tsv_terms(name: str) -> set[str]:
    lines = (VOCAB / name).read_text(encoding="utf-8").splitlines()
    return {ln.split("\t")[0].lower() for ln in lines if ln and not ln.startswith("#")} - {"term"}


def list_terms(name: str) -> set[str]:
    lines = (VOCAB / name).read_text(encoding="utf-8").splitlines()
    return {ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")}


def build() -> tuple[str, Counter, int, int]:
    from wordfreq import zipf_frequency  # build-time only

    variants = load_variants()
    interventions = tsv_terms("interventions.tsv")
    ours = (tsv_terms("outcomes.tsv") | list_terms("populations.txt") | list_terms("non_outcomes.txt")
            | list_terms("outcome_heads.txt"))
    stop: dict[str, str] = {}
    for v in variants:
        if v.lower() in interventions:
            continue
        rule = None
        if len(v) <= 3:
            rule = "R2"
        elif v.lower() in ours:
            rule = "R3"
        elif re.fullmatch(r"[a-z][a-z']*", v) and v not in KEEP_FREQUENT and zipf_frequency(v, "en") >= ZIPF_MIN:
            rule = "R1"
        elif " " in v and v.split()[-1] in EFFECT_WORDS:
            rule = "R4"
        elif v in EXTRA_STOP:
            rule = "R5"
        if rule:
            stop[v] = rule
    rules = Counter(stop.values())
    try:
        from importlib.metadata import version
        versions = f"drug-named-entity-recognition {version('drug-named-entity-recognition')}, " \
                   f"wordfreq {version('wordfreq')}"
    except Exception:  # pragma: no cover
        versions = "versions unknown"
    header = [
        "# claimx drug-lexicon stoplist (models/vocab/drug_stoplist.txt) - GENERATED, do not edit by hand:",
        "# run `python tools/build_drug_stoplist.py` (its docstring explains every rule).",
        "#",
        "# Source: variants of the drug lexicon shipped in the PyPI package drug-named-entity-recognition",
        "# (MIT; drug_ner_dictionary.pkl.bz2, key drug_variant_to_canonical) that must never be tagged as a",
        f"# drug. Flagged by rule: R1 single word with wordfreq Zipf >= {ZIPF_MIN:.1f} that is not a reviewed drug /",
        "# supplement name; R2 3 characters or fewer; R3 an outcome term, population, non-outcome word or",
        "# outcome head of models/vocab/; R4 ends in an effect / measurement word ('sedative effects');",
        "# R5 reviewed everyday-word phrases ('all clear', 'special k', 'protein c'). Terms of",
        "# interventions.tsv are never stoplisted.",
        f"# Built with {versions}.",
        f"# Lexicon variants: {len(variants)}; stoplisted: {len(stop)} "
        f"({', '.join(f'{r} {n}' for r, n in sorted(rules.items()))}); remaining: {len(variants) - len(stop)}.",
        "# Format: one lower-case variant per line, sorted.",
    ]
    text = "\n".join(header + sorted(stop)) + "\n"
    return text, rules, len(variants), len(stop)


def main(argv: list[str]) -> int:
    text, rules, n_var, n_stop = build()
    if "--check" in argv:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("drug_stoplist.txt is up to date" if same else "drug_stoplist.txt is stale: rebuild it")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {n_stop} stoplisted of {n_var} variants ({dict(rules)}); "
          f"{n_var - n_stop} remain")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
