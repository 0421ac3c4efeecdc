"""Registry of named sources: journals, publishers, agencies, organisations, instruments and study designs.

The data lives in ``models/registry/*.tsv`` (distilled by ``tools/build_registry.py``, plus the hand-written
``curated.tsv``).  Every TSV file starts with ``#`` comment lines, then a column header line with at least
``canonical`` and ``kind`` (and usually ``identifier`` and ``aliases``, ``|``-separated); an optional
``predatory`` column marks sources listed on a predatory journal/publisher list.  ``generic_names.txt``
(hand-written) and ``prose_words.txt`` (built) in the same folder hold ordinary words and phrases.

Two ways in:

* :meth:`Registry.find` scans a sentence for exact (normalised) mentions of registry names.  It is built for
  speed: names are indexed by their normalised token sequence, the scan only tries the n-grams whose first
  two tokens start some name, longest first, and how each name may match is worked out the first time its
  key is looked up.
* :meth:`Registry.link` links one candidate mention, exactly if it can, else fuzzily (rapidfuzz).

Normalisation: case-folded word tokens (letters/digits; ``&`` reads "and"; diacritics and a possessive
``'s`` dropped; punctuation and spacing ignored), a leading "the" dropped.

Priority on a name that several sources share: curated facts, then user files, then the distilled lists;
then kind order (:data:`KINDS`), then canonical name.

Guards against false links (see :meth:`Registry._cand` and :meth:`Registry._accept`):

* acronym-like aliases (``WHO``, ``NIH``, ``PLoS``, ``PHQ-9``) match only with the same letter case, as whole
  tokens; curated acronyms that are also ordinary words (``WHO``, ``NICE``) are skipped in all-caps
  sentences; distilled acronyms that are ordinary words or shorter than three letters are dropped, and the
  other distilled acronyms, except those of instruments (``MMSE``, ``VAS``), are never found (``PFS``,
  ``BBC`` mostly mean something else) -- :meth:`Registry.link` links them only when asked for a kind;
* a one-word name that is an ordinary word is never matched (curated names: ``generic_names.txt``;
  distilled names: that and ``prose_words.txt``); other curated one-word names (``Lancet``, ``Harvard``)
  must be capitalised and not glued to a neighbouring capitalised word; distilled one-word names
  (mostly places, people or words of other languages) and distilled names that spell a phrase of
  ``generic_names.txt`` (``New York``) are link-only, like distilled acronyms;
* a name made only of ordinary words ("Sleep Medicine", "Food and Drug Administration") must be written
  in Title Case; a short one (at most two content words) is refused inside a longer capitalised name, in
  an all-caps sentence and, if distilled, in a title-case heading; a short distilled journal title of
  ordinary words needs a cue word before it ("in Sleep Medicine", "the journal Body Image");
* study designs are prose phrases: they match case-insensitively, with a simple plural of the last word.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from claimx.cache import Db, DbList, DbMap, build_db, cache_dir, fill_table, find_db, prune
from claimx.paths import model_path

__all__ = [
    "FUZZY_THRESHOLD",
    "KINDS",
    "Link",
    "Registry",
    "default_registry",
    "normalize",
    "tokenize",
]

#: Kinds of source, in tie-break order.
KINDS: tuple[str, ...] = ("study_design", "instrument", "agency", "journal", "publisher", "organization")
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}

#: The hand-written list of ordinary words in ``models/registry`` (other ``*.txt`` files there are prose
#: vocabulary).
GENERIC_FILE = "generic_names.txt"
#: Longest name (in tokens) that is indexed.
MAX_NGRAM = 12
#: Minimum fuzzy score for :meth:`Registry.link`.
FUZZY_THRESHOLD = 90.0
#: Shortest mention (letters and digits) that :meth:`Registry.link` links fuzzily.
MIN_MENTION_CHARS = 4
#: Fuzzy matches must have similar lengths (shorter / longer, processed strings).
MIN_LENGTH_RATIO = 0.8
#: ... and every word of one must be this similar (rapidfuzz ratio) to some word of the other.
MIN_WORD_SIMILARITY = 75.0

# Origin of an entry (lower wins on a name that several entries share).
_RANK_CURATED, _RANK_USER, _RANK_RAW = 0, 1, 2

# Match modes of an indexed name.
_EXACT = 0  # acronym-like: surface tokens equal the name's tokens, letter case included
_CAP = 1  # one distinctive word: capitalised (or written exactly as in the registry)
_TITLE = 2  # only ordinary words: every content word capitalised
_CI = 3  # distinctive multi-word name, or a study design: any case

# Flags of an indexed name.
_F_ORDINARY = 1  # an acronym that is also an ordinary word (WHO, NICE)
_F_RAW = 2  # from the distilled lists, not curated or user files
_F_LINK_ONLY = 4  # only Registry.link may match it, never Registry.find
_F_NEEDS_CUE = 8  # Registry.find needs a cue word before it (see _CUES)

# Words right before a mention that show a short title of ordinary words is a journal or publisher.
_CUES = frozenset(("in", "journal", "journals", "published", "publication", "publisher"))
_ARTICLES = frozenset(("the", "a", "an"))
# Words before a person's name.
_PERSON_TITLES = frozenset(("dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame", "lord", "lady"))
# Words inside longer proper names ("National Academy of Design").
_NAME_LINKS = frozenset(("of", "for", "de", "del", "della", "der", "des", "di", "du"))

# Words that need not be capitalised in a Title Case name and do not count as content words.
_TITLE_STOP = frozenset(
    (
        "a", "an", "and", "at", "by", "de", "del", "della", "der", "des", "di", "du", "en", "et", "for",
        "from", "in", "la", "le", "les", "of", "on", "or", "the", "to", "und", "van", "von", "y",
        "journal", "journals",
    )
)  # fmt: skip
_JOURNAL_SUFFIX = frozenset(("journal", "journals"))
_FUNCTION_WORDS = _TITLE_STOP - _JOURNAL_SUFFIX
_SUFFIX_KINDS = frozenset(("journal", "publisher"))

# a word: letters and digits, with any combining marks (decomposed diacritics) they carry
_TOKEN_RE = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+|&")
_APOSTROPHES = "'’`´"
# bulk normalisation of ASCII names (must agree with tokenize + _norm_token)
_ASCII_POSSESSIVE_RE = re.compile(r"['`](?<=[a-z0-9]['`])s(?![a-z0-9])")
_ASCII_NONWORD_TABLE = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum() and c != 10})
_ASCII_CASE_WORD_RE = re.compile(r"[A-Za-z0-9]+|&")
_COMBINING_RE = re.compile("[\u0300-\u036f]")
_ALPHA_RE = re.compile(r"[^\W\d_]+")
_DIGITS_RE = re.compile(r"\d+")
_ROMAN_RE = re.compile(r"\b(?:i{1,3}|iv|v|vi{1,3}|ix|x)\b")


@dataclass(frozen=True, slots=True)
class Link:
    """A registry entry linked to a mention."""

    canonical: str
    kind: str
    score: float  # 0-100, rounded to 1 decimal; exact matches 100.0
    identifier: str | None
    matched: str  # the registry name or alias that matched
    predatory: bool = False  # listed on a predatory journal/publisher list


class _Entry(NamedTuple):
    canonical: str
    kind: str
    identifier: str | None
    aliases: tuple[str, ...]
    rank: int
    predatory: bool


# An indexed name: (entry index, registry spelling, mode, case tokens, content words, flags).
# Plain tuples: there are ~150k of them and they are built at every load.
_Cand = tuple[int, str, int, tuple[str, ...], int, int]


# ------------------------------------------------------------------------------------------------------
# Normalisation


def _fold(token: str) -> str:
    """Strip diacritics (letter case kept)."""
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as ``(start, end, surface)``; ``&`` is a token, a possessive ``'s`` is not."""
    toks = [(*m.span(), m.group()) for m in _TOKEN_RE.finditer(text)]
    if "'" in text or "’" in text or "`" in text or "´" in text:
        toks = [
            t
            for t in toks
            if not (
                t[1] - t[0] == 1
                and t[2] in "sS"
                and t[0] >= 2
                and text[t[0] - 1] in _APOSTROPHES
                and text[t[0] - 2].isalnum()
            )
        ]
    return toks


def _norm_token(surface: str) -> str:
    if surface == "&":
        return "and"
    return _fold(surface.casefold())


def normalize(name: str) -> str:
    """Normalised key of a name: case-folded word tokens joined by spaces, a leading "the" dropped."""
    toks = [_norm_token(t) for _, _, t in tokenize(name)]
    if len(toks) > 1 and toks[0] == "the":
        del toks[0]
    return " ".join(toks)


def _bulk_normalize(names: Sequence[str]) -> list[str]:
    """``[normalize(n) for n in names]``, done in a few passes over one string (names with letters that do
    not fold to ASCII go one by one)."""
    if any("\n" in n for n in names):
        return [normalize(n) for n in names]
    text = "\n".join(names)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("´", "'").casefold())
        text = _COMBINING_RE.sub("", text).replace("’", "'")
    text = text.lower().replace("&", " and ")
    if "'" in text or "`" in text:
        text = _ASCII_POSSESSIVE_RE.sub("", text)
    lines = text.split("\n")
    slow = [pos for pos, line in enumerate(lines) if not line.isascii()] if not text.isascii() else []
    for pos in slow:
        lines[pos] = ""
    lines = "\n".join(lines).translate(_ASCII_NONWORD_TABLE).split("\n")
    keys = [" ".join(line.split()) for line in lines]
    keys = [key[4:] if key.startswith("the ") else key for key in keys]
    for pos in slow:
        keys[pos] = normalize(names[pos])
    return keys


def _case_tokens(name: str) -> tuple[str, ...]:
    """Tokens of a name with their letter case (diacritics folded), a leading "the" dropped."""
    if name.isascii() and "'" not in name and "`" not in name:
        toks = _ASCII_CASE_WORD_RE.findall(name)
    else:
        toks = [_fold(t) for _, _, t in tokenize(name)]
    if len(toks) > 1 and toks[0].casefold() == "the":
        del toks[0]
    return tuple(toks)


def _is_acronym(name: str) -> bool:
    """Acronym-like alias (FDA, PHQ-9, BDI-II, U.S., PLoS, MoCA): one "word" whose letter runs are all
    capitals, or hold at least two capitals and no more small letters than capitals."""
    if not name or name.islower() or " " in name or "\t" in name:
        return False
    letters = 0
    for part in _ALPHA_RE.findall(name):
        letters += len(part)
        if not part.isupper():
            upper = sum(1 for ch in part if ch.isupper())
            if upper < 2 or upper < len(part) - upper:  # PLoS, MoCA, CoV yes; McGill, McConnell no
                return False
    return letters >= 2


def _plural(word: str) -> str:
    if word.endswith("sis"):
        return word[:-3] + "ses"
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


# ------------------------------------------------------------------------------------------------------
# Files


def _read_words(path: Path) -> set[str]:
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(normalize(line))
    return words


def _word_forms(words: Iterable[str]) -> frozenset[str]:
    """The words, case-folded, with simple plurals."""
    forms: set[str] = set()
    for w in words:
        w = _fold(w.casefold())
        forms.update((w, w + "s", w + "es"))
        if w.endswith("y"):
            forms.add(w[:-1] + "ies")
    return frozenset(forms)


# tidying of hand-edited files: (needle that shows it is needed, pattern, replacement)
_TSV_TIDY = (
    (" ", re.compile(r"(?<! ) *+([\t|]) *+"), r"\1"),  # spaces around separators
    (" \n", re.compile(r"(?<! ) ++$", re.M), ""),  # trailing spaces
    ("||", re.compile(r"\|{2,}"), "|"),  # empty aliases
    ("\t|", re.compile(r"(?<=\t)\|"), ""),  # a leading "|" in a field
    ("|\t", re.compile(r"\|(?=\t)"), ""),  # a trailing "|" in a field
    ("|\n", re.compile(r"\|$", re.M), ""),  # a trailing "|" in the last field
)
_FALSE = frozenset(("", "no", "0", "false"))


def _read_tsv(path: Path, rank: int) -> list[_Entry]:
    """Entries of a registry TSV file (``#`` comment lines, a column header line, then rows)."""
    text = path.read_text(encoding="utf-8").replace("\r", "")
    for needle, pattern, repl in _TSV_TIDY:
        if needle == " " and " \t" not in text and "\t " not in text and " |" not in text and "| " not in text:
            continue
        if needle in text:
            text = pattern.sub(repl, text)
    entries: list[_Entry] = []
    columns: list[str] | None = None
    i_can = i_kind = i_id = i_al = i_pred = -1
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#" or not line.strip():
            continue
        fields = line.split("\t")
        if columns is None:
            columns = [c.strip().lower() for c in fields]
            missing = {"canonical", "kind"} - set(columns)
            if missing:
                raise ValueError(f"{path}: the column header line lacks {', '.join(sorted(missing))}")
            i_can, i_kind = columns.index("canonical"), columns.index("kind")
            i_id = columns.index("identifier") if "identifier" in columns else -1
            i_al = columns.index("aliases") if "aliases" in columns else -1
            i_pred = columns.index("predatory") if "predatory" in columns else -1
            continue
        if len(fields) < len(columns):
            fields += [""] * (len(columns) - len(fields))
        canonical = fields[i_can]
        if not canonical:
            continue
        kind = fields[i_kind]
        if kind not in _KIND_ORDER:
            kind = kind.lower()
            if kind not in _KIND_ORDER:
                raise ValueError(f"{path}:{lineno}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        identifier = fields[i_id] if i_id >= 0 else ""
        aliases = fields[i_al] if i_al >= 0 else ""
        predatory = i_pred >= 0 and fields[i_pred].lower() not in _FALSE
        entries.append(
            _Entry(canonical, kind, identifier or None, tuple(aliases.split("|")) if aliases else (), rank, predatory)
        )
    return entries


# ------------------------------------------------------------------------------------------------------
# Cache of the built index

_CACHE_VERSION = 5
_CACHE_KEEP = 3


def _cache_stem(files: Iterable[tuple[Path, int]]) -> str | None:
    """Name (without its CRC and suffix) of the cached index built from ``files`` (None: no caching)."""
    try:
        h = hashlib.sha256(f"{_CACHE_VERSION}|{sys.version_info[:2]}|{marshal.version}".encode())
        h.update(Path(__file__).read_bytes())
        for path, rank in files:
            st = path.stat()
            h.update(f"|{path.resolve()}|{rank}|{st.st_size}|{st.st_mtime_ns}".encode())
    except (OSError, RuntimeError):
        return None
    return f"registry-{h.hexdigest()[:32]}"


def _add_first(first: dict[str, list], key: str) -> None:
    """Record a key in the scan table: first token -> [a one-token key exists, {second token: lengths}]."""
    parts = key.split(" ", 2)
    slot = first.get(parts[0])
    if slot is None:
        slot = first[parts[0]] = [False, {}]
    if len(parts) == 1:
        slot[0] = True
    else:
        slot[1].setdefault(parts[1], set()).add(key.count(" ") + 1)


def _freeze_first(first: dict[str, list]) -> dict[str, tuple[bool, dict[str, tuple[int, ...]]]]:
    return {
        head: (single, {second: tuple(sorted(lengths, reverse=True)) for second, lengths in seconds.items()})
        for head, (single, seconds) in first.items()
    }


# ------------------------------------------------------------------------------------------------------
# The registry


class Registry:
    """An index of registry names for fast exact scanning (:meth:`find`) and fuzzy linking (:meth:`link`)."""

    def __init__(self, entries: Iterable[_Entry], generic: Iterable[str] = (), prose: Iterable[str] = ()) -> None:
        """``generic``: ordinary words that never name a source alone (the hand-written list);
        ``prose``: a wider vocabulary of health writing, applied to the distilled (non-curated) names and
        to decide which names are made only of ordinary words."""
        self._generic_forms = _word_forms(generic)
        self._prose_forms = self._generic_forms | _word_forms(prose)
        # priority order: curated, user, raw; then kind order; then canonical name (and identifier)
        self._entries: list[_Entry] = sorted(
            entries,
            key=lambda e: (e.rank, _KIND_ORDER[e.kind], e.canonical.casefold(), e.identifier or ""),
        )
        names: list[str] = []
        owners: list[int] = []
        for i, entry in enumerate(self._entries):
            names.append(entry.canonical)
            names.extend(entry.aliases)
            owners.extend([i] * (len(entry.aliases) + 1))
        self._names = names
        self._owners = owners
        # key -> positions (in ``names``) of the names spelled so, in priority order; which of them is
        # indexed, and how, is worked out when the key is first looked up (see _resolve)
        raw: dict[str, list[int]] = {}
        add = raw.setdefault
        for pos, key in enumerate(_bulk_normalize(names)):
            add(key, []).append(pos)
        raw.pop("", None)
        first: dict[str, list] = {}
        for key in raw:
            _add_first(first, key)
        pos = 0
        for entry in self._entries:  # study designs also match with a plural last word
            if entry.kind == "study_design":
                for name in (entry.canonical, *entry.aliases):
                    key = normalize(name)
                    if " " in key:
                        head, _, last = key.rpartition(" ")
                        plural = f"{head} {_plural(last)}"
                        if plural not in raw:
                            raw[plural] = [pos]
                            _add_first(first, plural)
                        elif pos not in raw[plural]:
                            raw[plural].append(pos)
                            raw[plural].sort()  # positions stay in priority order
                    pos += 1
            else:
                pos += len(entry.aliases) + 1
        self._raw = raw
        # scan table: first token -> (a one-token key exists, {second token: key lengths, longest first})
        self._first = _freeze_first(first)
        self._index: dict[str, list[_Cand]] = {}
        self._choices: dict[tuple[frozenset[str], bool], tuple[list[str], list[_Cand]]] = {}

    def _cand(self, i: int, rank: int, kind: str, name: str, key: str) -> _Cand | None:
        """How the name ``name`` of entry ``i`` is indexed under ``key`` (None: it is not)."""
        prose = self._prose_forms
        raw = rank == _RANK_RAW
        # curated and user names are trusted more: only the hand-written list blocks them
        generic = prose if raw else self._generic_forms
        base = _F_RAW if raw else 0
        if " " not in name and _is_acronym(name):
            ordinary = key.replace(" ", "") in generic
            if raw and (ordinary or sum(ch.isalpha() for ch in name) < 3):
                return None
            # distilled acronyms of sources other than instruments (PFS, BBC, ACS ...) mostly stand for
            # something else in health writing: they are linked only when asked for (link), never found
            if raw and kind != "instrument":
                base |= _F_LINK_ONLY
            return (i, name, _EXACT, _case_tokens(name), 1, base | (_F_ORDINARY if ordinary else 0))
        if " " not in key:
            if key in generic or len(key) < 3 or key.isdigit():
                return None
            if kind == "study_design":
                return (i, name, _CI, (), 1, base)
            # distilled one-word names are mostly places, people, ordinary words in other languages
            return (i, name, _CAP, _case_tokens(name), 1, base | _F_LINK_ONLY if raw else base)
        toks = key.split(" ")
        if len(toks) > MAX_NGRAM:
            return None
        if kind == "study_design":
            return (i, name, _CI, (), len(toks), base)
        n_content = 0
        all_generic = True
        has_word = False
        min_word = 4 if raw else 3  # "TB & HIV", "U 1148": not names one can find in prose
        for t in toks:
            if t in _FUNCTION_WORDS:
                continue
            n_content += 1
            if not has_word and len(t) >= min_word and not t.isdigit():
                has_word = True
            if all_generic and not (t in prose or len(t) <= 2 or t.isdigit()):
                all_generic = False
        if not has_word:
            return None
        if raw and (key in generic or n_content == 1):
            # a place ("New York") or other phrase that a distilled name happens to spell, or in effect one
            # word ("A-State")
            base |= _F_LINK_ONLY
        if raw and all_generic and n_content <= 2 and kind in _SUFFIX_KINDS and _JOURNAL_SUFFIX.isdisjoint(toks):
            base |= _F_NEEDS_CUE  # "Human Rights", "Body Image": a journal only after "in", "journal" ...
        return (i, name, _TITLE if all_generic else _CI, (), n_content, base)

    def _lookup(self, key: str) -> list[_Cand]:
        """The indexed names under ``key``, in priority order (empty if none)."""
        cands = self._index.get(key)
        if cands is None:
            positions = self._raw.get(key)
            cands = self._resolve(key, positions) if positions else []
            self._index[key] = cands
        return cands

    def _resolve(self, key: str, positions: list[int]) -> list[_Cand]:
        entries, names, owners = self._entries, self._names, self._owners
        out: list[_Cand] = []
        best_rank = _RANK_RAW + 1
        for pos in positions:
            i = owners[pos]
            entry = entries[i]
            if entry.rank > best_rank:
                break  # positions are in priority order: a curated (or user) name shadows the others
            name = names[pos]
            cand = self._cand(i, entry.rank, entry.kind, name, key)
            if cand is None:
                continue
            best_rank = entry.rank
            # one indexed name per key and entry, but every letter-case variant of an acronym
            if out and out[-1][0] == i and (cand[2] != _EXACT or any(c[0] == i and c[1] == name for c in out)):
                continue
            out.append(cand)
        return out

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> Registry:
        """Load the shipped ``models/registry`` files plus user TSV files with the same columns.

        On a name that several sources share, shipped curated facts win, then user files, then the
        distilled lists; a user file can thus add sources or override distilled ones.

        The built index is cached as an SQLite database (``claimx.cache.cached_db``: checked against its
        CRC-32 when opened, written atomically) in ``$CLAIMX_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimx``
        or ``~/.cache/claimx``, keyed by the files' paths, sizes and modification times and by this
        module's source; ``CLAIMX_NO_CACHE=1`` turns the cache off. A cached index is opened lazily: a run
        reads only the rows of the names it looks up, so start-up does not grow with the registry.
        """
        folder = model_path("registry")
        tsv: list[tuple[Path, int]] = []
        if (folder / "curated.tsv").is_file():
            tsv.append((folder / "curated.tsv", _RANK_CURATED))
        tsv += [(p, _RANK_RAW) for p in sorted(folder.glob("*.tsv")) if p.name != "curated.tsv"]
        tsv += [(Path(p), _RANK_USER) for p in extra_files]
        words = sorted(folder.glob("*.txt"))
        cache = cache_dir()
        stem = _cache_stem([*tsv, *((p, -1) for p in words)]) if cache is not None else None
        if cache is not None and stem is not None:
            path = find_db(cache, stem)
            if path is not None:
                try:
                    return cls._from_db(path)
                except (OSError, ValueError, TypeError, EOFError, sqlite3.Error):
                    path.unlink(missing_ok=True)  # of the wrong shape: rebuilt below
        entries: list[_Entry] = []
        for path, rank in tsv:
            entries.extend(_read_tsv(path, rank))
        generic: set[str] = set()
        prose: set[str] = set()
        for path in words:
            (generic if path.name == GENERIC_FILE else prose).update(_read_words(path))
        reg = cls(entries, generic, prose)
        if cache is not None and stem is not None:
            build_db(cache, stem, reg._fill_db)
            prune(cache, "registry-*.sqlite", _CACHE_KEEP)
            prune(cache, "registry-*.marshal", 0)  # the index of earlier versions
        return reg

    def _fill_db(self, conn: sqlite3.Connection) -> None:
        """Write the index into an empty database (the tables :meth:`_from_db` reads)."""
        fill_table(conn, "meta", [("state", (_CACHE_VERSION, self._generic_forms, self._prose_forms))])
        fill_table(conn, "entries", ((i, tuple(e)) for i, e in enumerate(self._entries)), "INTEGER")
        fill_table(conn, "names", enumerate(self._names), "INTEGER")
        fill_table(conn, "owners", enumerate(self._owners), "INTEGER")
        fill_table(conn, "raw", self._raw.items())
        fill_table(conn, "first", self._first.items())

    @classmethod
    def _from_db(cls, path: Path) -> Registry:
        """A registry over a database written by :meth:`_fill_db`; raises on one of the wrong shape."""
        db = Db(path)
        meta = DbMap(db, "meta")["state"]
        if not (isinstance(meta, tuple) and len(meta) == 3 and meta[0] == _CACHE_VERSION
                and isinstance(meta[1], frozenset) and isinstance(meta[2], frozenset)):
            raise ValueError("registry index of the wrong shape")
        reg = cls.__new__(cls)
        reg._entries = DbList(db, "entries", _Entry._make)  # type: ignore[assignment]
        reg._names = DbList(db, "names")  # type: ignore[assignment]
        reg._owners = DbList(db, "owners")  # type: ignore[assignment]
        reg._raw = DbMap(db, "raw")  # type: ignore[assignment]
        reg._first = DbMap(db, "first")  # type: ignore[assignment]
        reg._index = {}
        reg._generic_forms = meta[1]
        reg._prose_forms = meta[2]
        reg._choices = {}
        return reg

    # -- introspection -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def counts(self) -> dict[str, int]:
        """Number of entries per kind."""
        out = dict.fromkeys(KINDS, 0)
        for e in self._entries:
            out[e.kind] += 1
        return out

    def is_generic(self, word: str) -> bool:
        """True if ``word`` (one token) is an ordinary word of health writing (or a number)."""
        w = _fold(word.casefold())
        return w in self._prose_forms or w.isdigit()

    def _link(self, cand: _Cand, score: float) -> Link:
        e = self._entries[cand[0]]
        return Link(e.canonical, e.kind, round(float(score), 1), e.identifier, cand[1], e.predatory)

    # -- exact scanning ------------------------------------------------------------------------------

    def find(self, text: str) -> list[tuple[int, int, Link]]:
        """All non-overlapping registry mentions in ``text`` (a sentence), as ``(start, end, link)``.

        Left to right, the longest name first at each position; ``text[start:end]`` is the mention (it
        takes in a following "journal(s)" after a journal or publisher, and a leading "The" when the
        registry name has one).
        """
        toks = tokenize(text)
        if not toks:
            return []
        if text.isascii():
            low = text.lower()
            norm = [low[s:e] for s, e, _ in toks]
            if "&" in text:
                norm = ["and" if t == "&" else t for t in norm]
        else:
            norm = [_norm_token(t) for _, _, t in toks]
        first = self._first
        lookup = self._lookup
        accept = self._accept
        out: list[tuple[int, int, Link]] = []
        ctx: _SentenceContext | None = None
        n = len(toks)
        i = 0
        while i < n:
            slot = first.get(norm[i])
            if slot is None:
                i += 1
                continue
            single, seconds = slot
            lengths = seconds.get(norm[i + 1], ()) if i + 1 < n else ()
            if not lengths and not single:
                i += 1
                continue
            if ctx is None:
                ctx = _SentenceContext(text, toks, norm)
            hit: _Cand | None = None
            j = i
            for length in (*lengths, 1) if single else lengths:
                j = i + length
                if j > n:
                    continue
                cands = lookup(norm[i] if length == 1 else " ".join(norm[i:j]))
                if cands:
                    hit = next((c for c in cands if accept(c, ctx, i, j, scanning=True)), None)
                    if hit is not None:
                        break
            if hit is None:
                i += 1
                continue
            start, end = toks[i][0], toks[j - 1][1]
            if (
                j < n
                and norm[j] in _JOURNAL_SUFFIX
                and self._entries[hit[0]].kind in _SUFFIX_KINDS
                and ctx.adjacent(j - 1)
            ):
                end = toks[j][1]
                j += 1
            if i > 0 and norm[i - 1] == "the" and hit[1][:4].casefold() == "the " and ctx.adjacent(i - 1):
                start = toks[i - 1][0]
            out.append((start, end, self._link(hit, 100.0)))
            i = j
        return out

    def _accept(self, cand: _Cand, ctx: _SentenceContext, i: int, j: int, *, scanning: bool) -> bool:
        """Whether tokens ``i:j`` of the sentence may be a mention of the indexed name ``cand``."""
        mode, flags = cand[2], cand[5]
        if scanning and flags & _F_LINK_ONLY:
            return False
        if mode == _CI:
            return True
        surf = ctx.toks
        if mode == _EXACT:
            tokens = cand[3]
            if j - i != len(tokens):
                return False
            if any(_fold(surf[i + k][2]) != t for k, t in enumerate(tokens)):
                return False
            return not (scanning and flags & _F_ORDINARY and ctx.shouting(i, j))
        if mode == _CAP:
            word = _fold(surf[i][2])
            if word != cand[3][0] and not word[:1].isupper():
                return False
            if not scanning:
                return True
            if word != cand[3][0] and ctx.shouting(i, j):
                return False
            return ctx.isolated(i, j)
        # _TITLE: every content word capitalised (for link: the first one)
        norm = ctx.norm
        for k in range(i, j):
            if norm[k] in _TITLE_STOP:
                continue
            w = surf[k][2]
            if w[:1].isalpha() and not w[:1].isupper():
                return False
            if not scanning:
                break
        if scanning and cand[4] <= 2:
            # short names of ordinary words: not in a longer capitalised name, not in an all-caps sentence,
            # and (distilled ones) not in a title-case heading
            if ctx.shouting(i, j) or (flags & _F_RAW and ctx.heading(i, j)):
                return False
            if flags & _F_NEEDS_CUE and not ctx.cued(i):
                return False
            return ctx.isolated(i, j)
        return True

    # -- linking -------------------------------------------------------------------------------------

    def link(self, mention: str, kinds: Collection[str] | None = None) -> Link | None:
        """Link one candidate mention (e.g. "the Food & Drug Administration") to a registry entry.

        An exact (normalised) name wins with score 100; otherwise the best rapidfuzz match
        (``token_sort_ratio`` over ``utils.default_process``-ed names of the requested kinds) if it scores at
        least :data:`FUZZY_THRESHOLD` and passes the guards: no fuzzy linking of acronyms, of very short
        mentions, of a single ordinary word or of lower-case ordinary words; similar lengths; every word
        of the mention close to a word of the name and the other way round; the same numbers (PHQ-9 is
        not PHQ-8). Distilled one-word names and acronyms of non-instruments (which :meth:`find` never
        reports) link only when ``kinds`` is given. A leading "the", a trailing "journal(s)" and a
        trailing parenthesis ("(PSQI)") are ignored.
        """
        wanted = frozenset(kinds) if kinds is not None else frozenset(KINDS)
        unknown = wanted - _KIND_ORDER.keys()
        if unknown:
            raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
        text = mention.strip()
        if text.endswith(")") and "(" in text[1:]:
            head = text[: text.rindex("(")].strip()
            if tokenize(head):
                text = head
        toks = tokenize(text)
        norm = [_norm_token(t) for _, _, t in toks]
        while len(norm) > 1 and norm[0] == "the":
            toks, norm = toks[1:], norm[1:]
        if not norm:
            return None
        variants = [(toks, norm)]
        if len(norm) > 1 and norm[-1] in _JOURNAL_SUFFIX:
            variants.append((toks[:-1], norm[:-1]))
        link_only = kinds is not None
        # 1. exact
        for vt, vn in variants:
            cands = self._lookup(" ".join(vn))
            if not cands:
                continue
            ctx = _SentenceContext(text, vt, vn)
            for cand in cands:
                if cand[5] & _F_LINK_ONLY and not link_only:
                    continue  # distilled one-word names and acronyms: only when the kinds are named
                if self._entries[cand[0]].kind in wanted and self._accept(cand, ctx, 0, len(vn), scanning=False):
                    return self._link(cand, 100.0)
        # 2. fuzzy
        vt, vn = variants[-1]
        if len("".join(vn)) < MIN_MENTION_CHARS:
            return None
        if len(vt) == 1 and _is_acronym(vt[0][2]):
            return None  # acronyms link exactly or not at all
        content = [(t, s) for (_, _, s), t in zip(vt, vn, strict=True) if t not in _TITLE_STOP]
        if not content:
            return None
        if all(self.is_generic(t) or len(t) <= 2 for t, _ in content):
            if len(content) == 1:
                return None  # never link a single ordinary word
            if not content[0][1][:1].isupper():
                return None  # lower-case ordinary words are prose, not a name
        choices, cands = self._fuzzy_choices(wanted, link_only)
        if not choices:
            return None
        from rapidfuzz import fuzz, process, utils

        query = utils.default_process(" ".join(vn))
        # the choices are pre-processed with utils.default_process, in priority order: ties go to the first
        for choice, score, idx in process.extract(
            query, choices, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=FUZZY_THRESHOLD, limit=5
        ):
            if _sane(query, choice):
                return self._link(cands[idx], score)
        return None

    def _fuzzy_choices(self, wanted: frozenset[str], link_only: bool) -> tuple[list[str], list[_Cand]]:
        """Pre-processed names of the wanted kinds (no acronyms), best entry per name, in priority order."""
        hit = self._choices.get((wanted, link_only))
        if hit is not None:
            return hit
        from rapidfuzz import utils

        entries = self._entries
        best: dict[str, _Cand] = {}
        for key in self._raw:
            cands = self._lookup(key)
            cand = next(
                (
                    c
                    for c in cands
                    if c[2] != _EXACT and (link_only or not c[5] & _F_LINK_ONLY) and entries[c[0]].kind in wanted
                ),
                None,
            )
            if cand is None:
                continue
            processed = utils.default_process(key)
            if len(processed) < 5:
                continue
            old = best.get(processed)
            if old is None or old[0] > cand[0]:
                best[processed] = cand
        items = sorted(best.items(), key=lambda kv: (kv[1][0], kv[0]))
        result = ([k for k, _ in items], [c for _, c in items])
        self._choices[(wanted, link_only)] = result
        return result


def _sane(query: str, choice: str) -> bool:
    """Sanity of a fuzzy match of two processed strings: similar lengths, the same numbers, and every word
    of each close to a word of the other ("Journal of Sleep Medicine" is not "Journal of Medicine")."""
    from rapidfuzz import fuzz

    lq, lc = len(query), len(choice)
    if min(lq, lc) / max(lq, lc) < MIN_LENGTH_RATIO:
        return False
    if _DIGITS_RE.findall(query) != _DIGITS_RE.findall(choice):
        return False
    if _ROMAN_RE.findall(query) != _ROMAN_RE.findall(choice):
        return False
    qw = [w for w in query.split() if w not in _FUNCTION_WORDS]
    cw = [w for w in choice.split() if w not in _FUNCTION_WORDS]
    if not qw or not cw:
        return False
    return all(max(fuzz.ratio(a, b) for b in cw) >= MIN_WORD_SIMILARITY for a in qw) and all(
        max(fuzz.ratio(b, a) for a in qw) >= MIN_WORD_SIMILARITY for b in cw
    )


class _SentenceContext:
    """Facts about a sentence for the guards of :meth:`Registry._accept`, computed when first needed."""

    __slots__ = ("_caps", "norm", "text", "toks")

    def __init__(self, text: str, toks: list[tuple[int, int, str]], norm: list[str]) -> None:
        self.text = text
        self.toks = toks
        self.norm = norm
        self._caps: list[tuple[int, bool, bool]] | None = None

    def _word_caps(self) -> list[tuple[int, bool, bool]]:
        # (token index, Capitalised, ALL CAPS) for the content words of the sentence
        if self._caps is None:
            self._caps = [
                (k, w[:1].isupper(), w.isupper())
                for k, (_, _, w) in enumerate(self.toks)
                if len(w) > 1 and w.isalpha() and self.norm[k] not in _TITLE_STOP
            ]
        return self._caps

    def shouting(self, i: int, j: int) -> bool:
        """The rest of the sentence (outside tokens ``i:j``) is mostly in capitals."""
        words = [upper for k, _, upper in self._word_caps() if not i <= k < j]
        return len(words) >= 3 and sum(words) >= 0.7 * len(words)

    def heading(self, i: int, j: int) -> bool:
        """The rest of the sentence is mostly Capitalised Words (a title-case heading)."""
        words = [cap for k, cap, _ in self._word_caps() if not i <= k < j]
        return len(words) >= 3 and sum(words) >= 0.75 * len(words)

    def adjacent(self, k: int) -> bool:
        """Tokens ``k`` and ``k + 1`` are separated by whitespace only."""
        return not self.text[self.toks[k][1] : self.toks[k + 1][0]].strip()

    def cued(self, i: int) -> bool:
        """A cue word (``_CUES``) comes right before token ``i`` (an article between them allowed)."""
        k = i - 1
        if k >= 0 and self.norm[k] in _ARTICLES and self.adjacent(k):
            k -= 1
        return k >= 0 and self.norm[k] in _CUES and self.adjacent(k)

    def isolated(self, i: int, j: int) -> bool:
        """Tokens ``i:j`` are not glued to a neighbouring capitalised word (part of a longer proper name, or
        a person's name: "Kristen Wiley", "Dr. Wiley")."""
        toks, norm = self.toks, self.norm
        if i > 0 and norm[i - 1] in _PERSON_TITLES:
            return False  # "Dr. Wiley", "Professor Cochrane": a person
        if i > 0 and self.adjacent(i - 1):
            w = toks[i - 1][2]
            if w[:1].isupper() and norm[i - 1] not in _TITLE_STOP:
                return False
        if j < len(toks) and self.adjacent(j - 1):
            w = toks[j][2]
            if w[:1].isupper() and norm[j] not in _TITLE_STOP:
                return False
            # "National Academy of Design": the name goes on after "of", "for", "and" ...
            if norm[j] in _NAME_LINKS and j + 1 < len(toks) and self.adjacent(j):
                w = toks[j + 1][2]
                if w[:1].isupper() and norm[j + 1] not in _TITLE_STOP:
                    return False
        return True


@cache
def default_registry() -> Registry:
    """The registry of the shipped data, loaded once."""
    return Registry.load()
