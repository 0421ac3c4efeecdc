"""Vocabularies for the tagger: interventions, outcomes, populations and effect words, loaded from data.

Terms are matched on normalised word runs (lower-case alphanumeric runs joined by one space), so
"sleep-wake cycle", "Sleep–wake cycle" and "sleep wake cycle" are one key. The drug lexicon is the one shipped
in the PyPI package ``drug-named-entity-recognition`` (MIT), read directly from its data file.
"""

from __future__ import annotations

import bz2
import csv
import hashlib
import importlib.util
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy import __version__ as spacy_version
from spacy.lang.en.stop_words import STOP_WORDS

from claimx.cache import Db, DbMap, build_db, cache_dir, cached, fill_table, find_db, prune
from claimx.paths import model_path

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def norm_key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def read_lines(path: Path) -> list[str]:
    """Lines of a data file without comments and blanks."""
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = read_lines(path)
    if not lines:
        return []
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


YAML_CACHE_VERSION = "1"
YAML_CACHE_KEEP = 100  # cached YAML files kept (the most recently used)


def _stamp(paths: Iterable[Path], *extra: str) -> str | None:
    """A key of the files' paths, sizes and modification times (None if one cannot be read)."""
    try:
        parts = [*extra, *(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths)]
    except OSError:
        return None
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@cache
def load_yaml(*parts: str) -> dict:
    """A data file of ``models/`` (YAML), parsed once and cached on disk (``claimx.cache``, keyed by the file's
    path, size and modification time): later runs unmarshal it instead of parsing it again."""
    path = model_path(*parts)
    stamp = _stamp([path], YAML_CACHE_VERSION)
    folder = cache_dir()
    target = folder / f"yaml-{stamp}.marshal" if folder is not None and stamp is not None else None

    def parse() -> dict:
        if folder is not None:
            prune(folder, "yaml-*.marshal", YAML_CACHE_KEEP)  # a miss: a file changed, or a first run
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}

    def valid(value: object) -> dict:
        if not isinstance(value, dict):
            raise ValueError("YAML cache of the wrong shape")
        return value

    # a value marshal cannot store (a YAML date) is not cached: that file is parsed at every run
    return cached(target, parse, lambda d: d, valid)


# ------------------------------------------------------------------------------------------ inflection


def inflect(base: str, irregular: dict[str, list[str]] | None = None) -> list[str]:
    """Base form plus 3rd-person, past and -ing forms of a verb (first word of a phrase inflected)."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    irregular = irregular or {}
    if head in irregular:
        forms = [head, *irregular[head]]
    elif head.endswith("e") and not head.endswith("ee"):
        forms = [head, head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        forms = [head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head, head + "es", head + "ed", head + "ing"]
    elif (len(head) <= 4 and len(head) >= 3 and head[-1] not in "aeiouwxy" and head[-2] in "aeiou"
          and head[-3] not in "aeiou"):
        forms = [head, head + "s", head + head[-1] + "ed", head + head[-1] + "ing"]
    else:
        forms = [head, head + "s", head + "ed", head + "ing"]
    return [f + tail for f in dict.fromkeys(forms)]


# ------------------------------------------------------------------------------------------- lexicons


@dataclass(frozen=True, slots=True)
class Entry:
    label: str  # INTERVENTION | OUTCOME
    canonical: str
    category: str
    case_sensitive: bool = False


_NOT_LOOKED_UP = object()
_MEMO_LIMIT = 1 << 18  # keys memoised per index before the memo is cleared (bounded memory on long runs)


class _LayeredTerms:
    """``key -> Entry``: the terms added to a :class:`TermIndex`, over a base of drug names looked up in the
    drug index (``claimx.cache.DbMap``) on demand; an added term wins, and a key in ``hidden`` (an outcome)
    is no drug."""

    def __init__(self, own: dict[str, Entry], base: DbMap, hidden: set[str]) -> None:
        self.own = own
        self.base = base
        self.hidden = hidden
        self.entries: dict[str, Entry] = {}  # one Entry per canonical drug name
        self.drugs: dict[str, Entry | None] = {}  # memo of the keys looked up in the drug index

    def get(self, key: str, default: Entry | None = None) -> Entry | None:
        entry = self.own.get(key)
        if entry is not None:
            return entry
        drug = self.drugs.get(key, _NOT_LOOKED_UP)
        if drug is _NOT_LOOKED_UP:
            drug = None
            if key not in self.hidden:
                canonical = self.base.get(key)
                if canonical is not None:
                    drug = self.entries.get(canonical)
                    if drug is None:
                        drug = self.entries[canonical] = Entry("INTERVENTION", canonical, "drug")
            if len(self.drugs) >= _MEMO_LIMIT:
                self.drugs.clear()
            self.drugs[key] = drug
        return default if drug is None else drug  # type: ignore[return-value]

    def __setitem__(self, key: str, entry: Entry) -> None:
        self.own[key] = entry

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]


class _LayeredFirst:
    """``first word -> length of the longest term``, over the drug index's own table of it."""

    def __init__(self, own: dict[str, int], base: DbMap) -> None:
        self.own = own
        self.base = base
        self.memo: dict[str, int] = {}  # own and base merged, for the heads looked up

    def get(self, head: str, default: int = 0) -> int:
        length = self.memo.get(head)
        if length is None:
            length = max(self.own.get(head, 0), self.base.get(head, 0))
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[head] = length
        return length or default

    def __setitem__(self, head: str, length: int) -> None:
        self.own[head] = length
        self.memo.pop(head, None)


class TermIndex:
    """Longest-match lookup of multi-word terms over word runs.

    ``first`` maps each term's first word to the length (in words) of its longest term, so a scan only tries
    the n-grams that can match at a position.
    """

    def __init__(self) -> None:
        self.terms: dict[str, Entry] = {}
        self.first: dict[str, int] = {}

    def own_terms(self) -> dict[str, Entry]:
        """The terms added one by one (vocabulary files), without the drug index's names looked up on demand."""
        return self.terms.own if isinstance(self.terms, _LayeredTerms) else self.terms

    def add_drug_index(self, db: Db, hidden: set[str]) -> None:
        """Take in the drug names of a drug index (:func:`drug_index`) without loading them: they are looked
        up when a scan asks for them (the terms added before or after win; keys in ``hidden`` are skipped)."""
        self.terms = _LayeredTerms(self.terms, DbMap(db, "terms"), hidden)  # type: ignore[assignment]
        self.first = _LayeredFirst(self.first, DbMap(db, "first"))  # type: ignore[assignment]

    def add(self, term: str, entry: Entry, overwrite: bool = True) -> None:
        key = norm_key(term)
        if not key:
            return
        if not overwrite and key in self.terms:
            return
        self.add_key(key, entry)

    def add_key(self, key: str, entry: Entry) -> None:
        self.terms[key] = entry
        head, _, _ = key.partition(" ")
        length = key.count(" ") + 1
        if self.first.get(head, 0) < length:
            self.first[head] = length

    def scan(self, words: Sequence[str], raw: Sequence[str]) -> list[tuple[int, int, Entry]]:
        """Non-overlapping longest matches over ``words`` (normalised, one token each; a token may hold
        several words) -> (first, last+1, entry)."""
        out: list[tuple[int, int, Entry]] = []
        i, n = 0, len(words)
        terms, first = self.terms, self.first
        while i < n:
            word = words[i]
            longest = first.get(word.partition(" ")[0], 0)
            hit = None
            if longest:
                for j in range(min(n, i + longest), i, -1):
                    entry = terms.get(" ".join(words[i:j]) if j - i > 1 else word)
                    if entry is not None:
                        if entry.case_sensitive and not all(w.isupper() or w.isdigit() for w in raw[i:j]):
                            continue
                        hit = (i, j, entry)
                        break
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out


def _drug_data_file() -> Path | None:
    spec = importlib.util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "drug_ner_dictionary.pkl.bz2"
        if candidate.is_file():
            return candidate
    return None


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(term) <= 6


@dataclass
class Lexicon:
    interventions: TermIndex
    outcomes: TermIndex
    populations: frozenset[str]
    non_outcomes: frozenset[str]
    outcome_heads: frozenset[str]
    adverse: frozenset[str]
    outcome_words: frozenset[str] = frozenset()  # last words of outcome terms, plus the head nouns


def _stoplist() -> set[str]:
    return {norm_key(t) for t in read_lines(model_path("vocab", "drug_stoplist.txt"))}


DRUG_CACHE_VERSION = "2"  # bump when the filtering below changes


@cache
def drug_terms() -> dict[str, str]:
    """Normalised drug-lexicon variants -> canonical name, after the stoplist and outcome filters.

    Building this from the package's pickle takes about a second, so the result is cached on disk (keyed by
    the data files it depends on) by ``claimx.cache`` (checked on load, written atomically, repaired when
    damaged); a cache that cannot be written is skipped.
    """
    path = _drug_data_file()
    if path is None:
        return {}
    deps = [path, model_path("vocab", "drug_stoplist.txt"), model_path("vocab", "outcomes.tsv")]
    stamp = hashlib.sha256("|".join([DRUG_CACHE_VERSION] + [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                                             for p in deps if p.exists()]).encode()).hexdigest()[:16]
    folder = cache_dir()
    target = folder / f"drugs-{stamp}.marshal" if folder else None

    def build() -> dict[str, str]:
        with bz2.open(path, "rb") as fh:
            data = pickle.load(fh)  # the drug package's own data file
        stop = _stoplist()
        outcome_keys = {norm_key(r.get("term", "")) for r in read_tsv(model_path("vocab", "outcomes.tsv"))}
        terms: dict[str, str] = {}
        for variant, canonicals in data.get("drug_variant_to_canonical", {}).items():
            key = norm_key(variant)
            if len(key) < 4 or key in stop or key in outcome_keys or key in STOP_WORDS or key in terms:
                continue
            terms[key] = canonicals[0] if canonicals else variant
        return terms

    def valid(value: object) -> dict[str, str]:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in value.items()):
            raise ValueError("drug cache of the wrong shape")
        return value

    terms = cached(target, build, lambda t: t, valid)
    if target is not None:
        prune(target.parent, "drugs-*.marshal", 3)
    return terms


def _drug_stem() -> str | None:
    """Name (without CRC and suffix) of the cached drug index, keyed like :func:`drug_terms`' cache."""
    path = _drug_data_file()
    if path is None:
        return None
    deps = [path, model_path("vocab", "drug_stoplist.txt"), model_path("vocab", "outcomes.tsv")]
    try:
        stamp = "|".join(["index", DRUG_CACHE_VERSION] + [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                                          for p in deps if p.exists()])
    except OSError:
        return None
    return f"drugindex-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


@cache
def drug_index() -> Db | None:
    """The drug terms of :func:`drug_terms` as a cached SQLite index (tables ``terms``: key -> canonical
    name, and ``first``: first word -> words in the longest key), opened lazily, so that a run looks up the
    few drug names its text may hold instead of loading them all; None when caching is off."""
    folder = cache_dir()
    stem = _drug_stem() if folder is not None else None
    if folder is None or stem is None:
        return None

    def fill(conn) -> None:
        terms = drug_terms()
        first: dict[str, int] = {}
        for key in terms:
            head = key.partition(" ")[0]
            length = key.count(" ") + 1
            if first.get(head, 0) < length:
                first[head] = length
        fill_table(conn, "terms", terms.items())
        fill_table(conn, "first", first.items())

    path = find_db(folder, stem)
    if path is None:
        path = build_db(folder, stem, fill)
        prune(folder, "drugindex-*.sqlite", 3)
    return None if path is None else Db(path)


LEXICON_CACHE_VERSION = "1"  # bump when the building below changes
_LEXICON_FILES = (("vocab", "outcomes.tsv"), ("vocab", "interventions.tsv"), ("vocab", "outcome_heads.txt"),
                  ("vocab", "non_outcomes.txt"), ("vocab", "populations.txt"), ("patterns", "effects.yaml"))


def build_lexicon(extra_interventions: Iterable[Path] = (), extra_outcomes: Iterable[Path] = ()) -> Lexicon:
    """The vocabularies of ``models/vocab`` plus user term files, with the drug lexicon.

    Built from the files once and cached on disk (``claimx.cache``; keyed by the files' paths, sizes and
    modification times and by this module's source); the drug names are looked up on demand in the drug
    index (:func:`drug_index`) when the cache is on, else loaded into the index here."""
    extra_interventions, extra_outcomes = list(extra_interventions), list(extra_outcomes)
    files = [model_path(*parts) for parts in _LEXICON_FILES]
    folder = cache_dir()
    stamp = _stamp([*files, Path(__file__), *extra_outcomes, *extra_interventions],
                   LEXICON_CACHE_VERSION, f"{len(extra_outcomes)} extra outcome files",
                   f"spacy {spacy_version}") if folder is not None else None
    target = folder / f"lexicon-{stamp}.marshal" if folder is not None and stamp is not None else None
    def build() -> Lexicon:
        if target is not None:
            prune(target.parent, "lexicon-*.marshal", 3)
        return _build_own(extra_interventions, extra_outcomes)

    lexicon = cached(target, build, _lexicon_state, _lexicon_from_state)
    outcome_keys = set(lexicon.outcomes.terms)
    index = drug_index()
    if index is not None:  # looked up on demand
        lexicon.interventions.add_drug_index(index, outcome_keys)
    else:
        own = lexicon.interventions.terms
        drug_entries: dict[str, Entry] = {}
        for key, canonical in drug_terms().items():
            if key in outcome_keys or key in own:
                continue  # an outcome is no drug; the vocabulary's own entry wins
            entry = drug_entries.get(canonical)
            if entry is None:
                entry = drug_entries[canonical] = Entry("INTERVENTION", canonical, "drug")
            lexicon.interventions.add_key(key, entry)
    return lexicon


def _index_state(index: TermIndex) -> tuple:
    return ([(k, e.label, e.canonical, e.category, e.case_sensitive) for k, e in index.terms.items()],
            dict(index.first))


def _index_from_state(state: tuple) -> TermIndex:
    rows, first = state
    index = TermIndex()
    index.terms = {k: Entry(label, canonical, category, bool(cs)) for k, label, canonical, category, cs in rows}
    index.first = {str(k): int(v) for k, v in first.items()}
    return index


def _lexicon_state(lexicon: Lexicon) -> tuple:
    return (_index_state(lexicon.interventions), _index_state(lexicon.outcomes), lexicon.populations,
            lexicon.non_outcomes, lexicon.outcome_heads, lexicon.adverse, lexicon.outcome_words)


def _lexicon_from_state(state: tuple) -> Lexicon:
    """A lexicon from :func:`_lexicon_state`; raises on a value of the wrong shape (a damaged cache)."""
    interventions, outcomes, populations, non_outcomes, heads, adverse, words = state
    if not all(isinstance(x, frozenset) for x in (populations, non_outcomes, heads, adverse, words)):
        raise ValueError("lexicon cache of the wrong shape")
    return Lexicon(interventions=_index_from_state(interventions), outcomes=_index_from_state(outcomes),
                   populations=populations, non_outcomes=non_outcomes, outcome_heads=heads, adverse=adverse,
                   outcome_words=words)


def _build_own(extra_interventions: Iterable[Path] = (), extra_outcomes: Iterable[Path] = ()) -> Lexicon:
    """The lexicon of the vocabulary files, without the drug lexicon."""
    interventions = TermIndex()
    outcomes = TermIndex()
    # outcomes first: an outcome word is never a drug (e.g. "sleep", "pain")
    for row in read_tsv(model_path("vocab", "outcomes.tsv")):
        term = row.get("term", "")
        outcomes.add(term, Entry("OUTCOME", row.get("concept") or term, row.get("domain", "")))
    for path in extra_outcomes:
        for term in read_lines(path):
            outcomes.add(term, Entry("OUTCOME", term, "user"))
    for row in read_tsv(model_path("vocab", "interventions.tsv")):
        term = row.get("term", "")
        interventions.add(
            term, Entry("INTERVENTION", row.get("canonical") or term, row.get("category", ""), _is_acronym(term))
        )
    for path in extra_interventions:
        for term in read_lines(path):
            interventions.add(term, Entry("INTERVENTION", term, "user", _is_acronym(term)))
    effects = load_yaml("patterns", "effects.yaml")
    heads = frozenset(norm_key(t) for t in read_lines(model_path("vocab", "outcome_heads.txt")))
    non_outcomes = frozenset(norm_key(t) for t in read_lines(model_path("vocab", "non_outcomes.txt")))
    last_words = {k.rsplit(" ", 1)[-1] for k in outcomes.terms if " " in k}
    return Lexicon(
        interventions=interventions,
        outcomes=outcomes,
        populations=frozenset(norm_key(t) for t in read_lines(model_path("vocab", "populations.txt"))),
        non_outcomes=non_outcomes,
        outcome_heads=heads,
        adverse=frozenset(effects.get("adverse", [])),
        outcome_words=frozenset((last_words | heads) - non_outcomes - STOP_WORDS),
    )


@cache
def default_lexicon() -> Lexicon:
    return build_lexicon()
