"""Rule-based sentence segmentation.

``split_sentences`` finds sentence boundaries in a span of text with one pass of a precompiled regular
expression over candidate positions (sentence punctuation, line breaks, bullets); each candidate is decided
by a few local checks (the token before it, the word after it) against the abbreviation and notation
knowledge in ``models/segment/abbreviations.txt``. No segmenter library is used.

``segment`` turns a :class:`~claimx.records.Document` into :class:`~claimx.records.Sentence` records, block
by block, so sentences never cross block boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from claimx.paths import model_path
from claimx.records import Document, Sentence

__all__ = ["benchmark", "segment", "split_sentences"]

_CLASSES = frozenset({"title", "inner", "number", "journal", "time", "abbr", "starter", "letter", "prep",
                      "open"})

_BULLETS = "•◦▪▫‣⁃●■"
_OPENERS = "\"'“‘«([{¿¡"
_CLOSERS = "\"'”’»)]}"
_CURRENCY = "$£€¥"
_START_SYMBOLS = _BULLETS + _CURRENCY + "#*"
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")
_STRIP_CORE = _OPENERS + _CLOSERS + _BULLETS

# Candidate positions. The pattern starts with a single character class so the regex engine can skip
# everything else at C speed; the branch taken is recovered from that first character.
_CANDIDATE = re.compile(
    r"[.?!…‽\n" + _BULLETS + r"]"
    r"(?:"
    # sentence punctuation: a run (possibly a spaced ellipsis ". . ."), closing quotes/brackets, citation
    # markers ("[3]", superscripts), then whitespace
    # (possessive quantifiers and "first character of the run" keep long runs of dots linear)
    r"(?<=[.?!…‽])(?<![.?!…‽][.?!…‽])(?<![.?!…‽][ ][.?!…‽])(?P<run>[.?!…‽]*+(?:[ ][.?!…‽]++)*+)"
    r"(?P<close>[\"'”’»)\]}]*+(?:\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]|[¹²³⁰⁴-⁹]++)*+[\"'”’»)\]}]*+)"
    # whitespace; a candidate followed on the same line by a lower-case letter can never be a boundary
    # (except a mixed-case word such as "mRNA", "eGFR" or "pH", which may open a sentence)
    r"(?=\s)(?P<ws>[^\S\n]*+(?:\n\s*+|(?![a-z]++(?![A-Z]))))"
    # a period with no space before a capitalised word ("risk.The study"), after a number ("1,000.That") or
    # a closing bracket ("(half with a high NLR).The results")
    r"|(?:(?<=[a-z][a-z]\.)|(?<=\d\.)|(?<=\w[)\]]\.))(?P<tight>)(?=[A-Z][a-z]+\b)"
    # a bare line break or a bullet: decided in Python
    r"|(?<=\n)\s*+"  # (the whitespace after a line break is one candidate, not one per blank line)
    r"|(?<=[" + _BULLETS + r"])"
    r")"
)
_LEADING = re.compile(r"[\s" + _BULLETS + r"]*")
_SKIP_OPENERS = re.compile(r"[\"'“‘«(\[{¿¡]*")
_NEXT_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_MARKER_TOKEN = re.compile(r"\d{1,3}|[^\W\d_]|[ivx]{1,4}|[IVX]{1,4}")
_LIST_LINE = re.compile(r"[ \t]{0,40}+(?:[" + _BULLETS + r"]|[-*+][ \t]|(?:\d{1,3}|[a-zA-Z])[.)][ \t])")
_BLANK_LINE = re.compile(r"(?<![ \t\r\f\v])[ \t\r\f\v]*+(?:\n|\Z)")  # matched right after a newline
_FIRST_MARKER = re.compile(r"\s{0,40}+(?:[" + _BULLETS + r"]\s{0,40}+)?(\d{1,3}|[aA])(\.\)|\)|\.)\s")
_MARKER = re.compile(r"(?<!\S)(\d{1,3}|[a-zA-Z])(\.\)|\)|\.)(?=\s)")
_NUMBER = re.compile(r"[" + _CURRENCY + r"]?\d[\d,]*")
_WS = re.compile(r"\s*")
_LABEL = re.compile(r"(?:[A-Z]{1,3}\d[\w.-]*|[IVXLC]{2,6})\b")
_MIXED_CASE_START = re.compile(r"[a-z]{1,4}[A-Z]")
# a token that cannot be an abbreviation: contains a digit, "/" or "@" (numbers, decimals, DOIs, URLs, e-mail)
_ORDINARY_TOKEN = re.compile(r"(?<!\S)[^\s\d/@]*+[\d/@]\S*+")

_SHORT_LINE_WORDS = 3
_SHORT_LINE_CHARS = 40
_HEADING_WORDS = 12
_HEADING_CHARS = 120
_LIST_WINDOW = 5000


@dataclass(frozen=True, slots=True)
class _Lexicon:
    exact: dict[str, str]  # case-sensitive abbreviation (no final period) -> class
    folded: dict[str, str]  # lower-case abbreviation -> class (entries written in lower case)
    multi: dict[str, tuple[tuple[str, str], ...]]  # last word (lower) -> ((preceding text, class), ...)
    starters: frozenset[str]
    letter_nouns: frozenset[str]
    preps: frozenset[str]
    open_words: frozenset[str]  # words no sentence ends on
    special: frozenset[str]  # lower-cased forms of every abbreviation and multi-word last word


@cache
def _lexicon() -> _Lexicon:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    multi: dict[str, list[tuple[str, str]]] = {}
    words: dict[str, set[str]] = {"starter": set(), "letter": set(), "prep": set(), "open": set()}
    path = model_path("segment", "abbreviations.txt")
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        cls, _, entry = line.partition(" ")
        entry = entry.strip()
        if cls not in _CLASSES or not entry:
            raise ValueError(f"{path}:{lineno}: expected '<class> <entry>', got {raw!r}")
        if cls in words:
            words[cls].add(entry if cls == "starter" else entry.lower())
            continue
        entry = entry.removesuffix(".")
        if " " in entry:
            prefix, last = entry.rsplit(" ", 1)
            multi.setdefault(last.lower(), []).append((prefix.lower() + " ", cls))
            continue
        if entry == entry.lower() and len(entry) > 1:  # single letters match in their own case only
            folded.setdefault(entry, cls)
        else:
            exact.setdefault(entry, cls)
    return _Lexicon(
        exact=exact,
        folded=folded,
        multi={k: tuple(v) for k, v in multi.items()},
        starters=frozenset(words["starter"]),
        letter_nouns=frozenset(words["letter"]),
        preps=frozenset(words["prep"]),
        open_words=frozenset(words["open"]),
        special=frozenset([k.lower() for k in exact] + list(folded) + list(multi)),
    )


def _abbreviation_class(lex: _Lexicon, text: str, core: str, core_start: int) -> str | None:
    """Class of the token ``core`` (the word before a period, which starts at ``core_start``)."""
    for prefix, cls in lex.multi.get(core.lower(), ()):
        p0 = core_start - len(prefix)
        if p0 >= 0 and text[p0:core_start].lower() == prefix and (p0 == 0 or not text[p0 - 1].isalnum()):
            return cls
    found = lex.exact.get(core)
    if found is None:
        found = lex.folded.get(core.lower())
    if found is None and core:
        if len(core) == 1 and core.isalpha():
            return "initial"
        if _INITIALISM.fullmatch(core):
            return "initialism"
    return found


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or (ch != "" and ch in _START_SYMBOLS)


def _starts_sentence_at(text: str, j: int, end: int) -> bool:
    """True when the text at ``j`` looks like the start of a sentence: a capital letter, a digit, a bullet
    or currency sign, or a mixed-case word such as "mRNA" or "eGFR"."""
    ch = text[j] if j < end else ""
    return _starts_sentence(ch) or (ch.islower() and _MIXED_CASE_START.match(text, j, end) is not None)


def _next_word(text: str, j: int, end: int) -> str:
    m = _NEXT_WORD.match(text, j, end)
    return m.group() if m else ""


def _is_time_fragment(lex: _Lexicon, text: str, sent_start: int, core_start: int) -> bool:
    """True when the sentence so far is only a short prepositional phrase such as "At 5"."""
    if core_start - sent_start > 40:
        return False
    words = text[sent_start:core_start].split()
    return 0 < len(words) <= 3 and words[0].lower() in lex.preps


def _decide_period(
    lex: _Lexicon,
    text: str,
    start: int,
    run_start: int,
    boundary: int,
    j: int,
    end: int,
    sent_start: int,
    newline: bool,
) -> int:
    """Decide a single period at ``run_start`` followed by whitespace; ``j`` is the next significant
    character (after opening quotes/brackets). Returns the boundary offset or -1."""
    lo = max(sent_start, run_start - 64)
    k = text.rfind(" ", lo, run_start)
    tok = text[k + 1 if k >= 0 else lo : run_start]
    if not tok.isprintable():  # other whitespace (line breaks, tabs, no-break spaces) inside the window
        parts = tok.rsplit(None, 1)
        tok = "" if not parts or tok[-1].isspace() else parts[-1]
    stripped = tok.lstrip(_OPENERS + _BULLETS)
    core_start = run_start - len(stripped)
    core = stripped.rstrip(_CLOSERS)
    nc = text[j] if j < end else ""

    # fast path: an ordinary word
    if len(core) > 1 and "." not in core and core.lower() not in lex.special and not _MARKER_TOKEN.fullmatch(core):
        return boundary if (newline or _starts_sentence_at(text, j, end)) else -1

    # a list marker opening the sentence: "1. Take ...", "• 9. ...", "a. ..."
    if (
        core
        and len(core) == len(stripped)
        and _MARKER_TOKEN.fullmatch(core)
        and _LEADING.fullmatch(text, sent_start, core_start)
    ):
        return -1

    cls = _abbreviation_class(lex, text, core, core_start) if core else None
    if cls is None:
        return boundary if (newline or _starts_sentence_at(text, j, end)) else -1
    if cls in ("title", "inner"):
        return -1
    if cls == "abbr":
        if nc.isdigit():
            return -1
        return boundary if (nc.isupper() or (newline and nc.isalpha())) else -1
    if cls == "time":
        if nc.isupper() or (newline and nc.isalpha()):
            return -1 if _is_time_fragment(lex, text, sent_start, core_start) else boundary
        return -1
    if not nc.isupper():
        return -1
    if cls == "number":
        # "Fig. S2", "Vol. IV", "No. A12" are labels; any other capitalised word starts a sentence
        label = _LABEL.match(text, j, end)
        return -1 if label else boundary
    # journal, initial, initialism: only before a typical sentence opener
    if _next_word(text, j, end) in lex.starters:
        return boundary
    if cls == "initial" and core.isupper():
        words = text[max(start, core_start - 40) : core_start].split()
        if words and words[-1].strip(_OPENERS + _CLOSERS + ",;:").lower() in lex.letter_nouns:
            return boundary
    return -1


def _decide_punct(lex: _Lexicon, text: str, start: int, end: int, m: re.Match[str], sent_start: int) -> int:
    run_start = m.start()
    run_end = m.end("run")
    boundary = m.end("close")
    ws_end = m.end()
    if ws_end >= end:
        return -1
    ws = m.group("ws")
    nl = ws.count("\n")
    if nl >= 2:
        return boundary
    newline = nl == 1
    j = ws_end
    if text[j] in _OPENERS:
        j = _SKIP_OPENERS.match(text, j, end).end()
    nc = text[j] if j < end else ""
    run = text[run_start:run_end]

    if run == ".":
        decision = _decide_period(lex, text, start, run_start, boundary, j, end, sent_start, newline)
    elif " " in run:  # spaced ellipsis ". . ." / ". . . ."
        attached = run_start > start and not text[run_start - 1].isspace()
        dots = run.count(".")
        if nc.isupper() and dots >= 4:
            decision = run_start + 1 if attached else boundary
        else:
            decision = boundary if newline else -1
    elif "?" in run or "!" in run or "‽" in run:
        decision = boundary if (newline or _starts_sentence_at(text, j, end)) else -1
    else:  # "...", "…", "...."
        if run_start > start and text[run_start - 1] == "[" and text.startswith("]", run_end):
            decision = -1
        else:
            decision = boundary if (newline or nc.isupper()) else -1
    if decision < 0 and newline:
        line_start = m.start("ws") + ws.index("\n") + 1
        if _LIST_LINE.match(text, line_start, end):
            return line_start
    return decision


def _decide_tight(lex: _Lexicon, text: str, start: int, end: int, p: int) -> int:
    """A period at ``p`` directly followed by a capitalised word: "risk.The study"."""
    lo = max(start, p - 64)
    left_chunk = text[lo:p]
    left = left_chunk.rsplit(None, 1)[-1] if left_chunk.strip() else ""
    right_chunk = text[p + 1 : min(end, p + 65)]
    right = right_chunk.split(None, 1)[0] if right_chunk.strip() else ""
    token = left + "." + right
    if "@" in token or "/" in token or ":" in token or "www" in token.lower():
        return -1
    core = left.lstrip(_OPENERS).rstrip(_CLOSERS)
    if not core:
        return -1
    if core[-1].isdigit():
        if not _NUMBER.fullmatch(core) or len(core) < 3:
            return -1
    elif _abbreviation_class(lex, text, core, p - len(core)) is not None:
        return -1
    return p + 1


def _is_heading_like(line: str) -> bool:
    """A line that reads like a title: up to 12 words, capitalised first word, mostly capitalised words
    (or at most three words), no final sentence punctuation."""
    words = line.split()
    if not words or len(words) > _HEADING_WORDS or not words[0][:1].isupper():
        return False
    if len(words) <= _SHORT_LINE_WORDS:
        return True
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    return capitalised >= 0.6 * len(long_words)


def _decide_newline(text: str, start: int, end: int, p: int) -> int:
    """A line break not preceded by sentence punctuation."""
    q = p + 1
    if q >= end:
        return -1
    first = text[q]
    if first.isspace():
        if _BLANK_LINE.match(text, q, end):
            return p
        k = _WS.match(text, q, end).end()
        if k >= end:
            return -1
        first = text[k]
    # an ordinary lower-case line start cannot be a list marker; anything else may be
    if (first not in _LOWER_ASCII or text[q + 1 : q + 2] in (".", ")")) and _LIST_LINE.match(text, q, end):
        return q
    lo = max(start, p - _HEADING_CHARS)
    prev_nl = text.rfind("\n", lo, p)
    prev_line = text[prev_nl + 1 if prev_nl >= 0 else lo : p].strip()
    if not prev_line:
        return -1
    last = prev_line[-1]
    if last in ",;-–—&/(":
        return -1
    if last == ":":
        # short lines after a line that ends in a colon are one unit per line
        return p if _next_line_is_short(text, q, end) else -1
    if prev_nl < 0 and lo > start:  # the previous line is longer than the window
        return -1
    # runs of very short lines (a list without markers) are one unit per line
    if (
        len(prev_line) <= _SHORT_LINE_CHARS
        and len(prev_line.split()) <= _SHORT_LINE_WORDS
        and _next_line_is_short(text, q, end)
    ):
        return p
    # a heading-like line followed by a capitalised line
    if first.isupper() and _is_heading_like(prev_line):
        return p
    return -1


def _next_line_is_short(text: str, q: int, end: int) -> bool:
    hi = min(end, q + _SHORT_LINE_CHARS + 8)
    nl = text.find("\n", q, hi)
    if nl < 0:
        if hi < end:
            return False
        nl = end
    line = text[q:nl].strip()
    return bool(line) and len(line) <= _SHORT_LINE_CHARS and len(line.split()) <= _SHORT_LINE_WORDS


def _list_sequence(text: str, start: int, end: int) -> list[int]:
    """Inline enumerations opening the span ("1) first item 2) second item"): offsets of the markers
    after the first, when they continue the sequence in the same style."""
    m0 = _FIRST_MARKER.match(text, start, end)
    if not m0:
        return []
    value, style = m0.group(1), m0.group(2)
    stop = min(end, start + _LIST_WINDOW)
    para = text.find("\n\n", m0.end(), stop)
    if para >= 0:
        stop = para
    expected = str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
    found: list[int] = []
    for m in _MARKER.finditer(text, m0.end(), stop):
        if m.group(1) == expected and m.group(2) == style:
            found.append(m.start())
            expected = str(int(expected) + 1) if expected.isdigit() else chr(ord(expected) + 1)
    return found


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences.

    Returns ``(start, end)`` offsets into ``text``, in order, each trimmed of surrounding whitespace and
    never empty.
    """
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, start)
    if start >= end:
        return []
    lex = _lexicon()
    special = lex.special
    spans: list[tuple[int, int]] = []
    cur = start  # start of the current sentence (whitespace is trimmed when it is cut)
    sent_start = start  # raw start of the current sentence (the previous boundary)

    def cut(b: int) -> None:
        nonlocal cur, sent_start
        s = _WS.match(text, cur, b).end()
        e = b
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
        sent_start = cur = b

    forced = _list_sequence(text, start, end)
    fi = 0
    for m in _CANDIDATE.finditer(text, start, end):
        p = m.start()
        if forced:
            while fi < len(forced) and forced[fi] <= p:
                if forced[fi] > sent_start and not _LEADING.fullmatch(text, sent_start, forced[fi]):
                    cut(forced[fi])
                fi += 1
        c = text[p]
        if (c == "." or c == "?" or c == "!") and m.end("run") == p + 1:
            # fast path: one period after an ordinary word, or one "?"/"!", followed by whitespace and a
            # capital letter
            ws_end = m.end()
            if ws_end < end and text[ws_end] in _ASCII_UPPER:
                ws_start = m.start("ws")
                if c != ".":
                    fast = True
                else:
                    lo = max(sent_start, p - 64)
                    k = text.rfind(" ", lo, p)
                    core = text[k + 1 if k >= 0 else lo : p].strip(_STRIP_CORE)
                    if core.isalpha():
                        fast = (
                            len(core) > 1
                            and core.lower() not in special
                            and (len(core) > 4 or not _MARKER_TOKEN.fullmatch(core))
                        )
                    else:
                        fast = len(core) > 4 and core.isprintable() and bool(_ORDINARY_TOKEN.fullmatch(core))
                if fast:
                    if text[cur].isspace():
                        cur = _WS.match(text, cur, ws_start).end()
                    if cur < ws_start:
                        spans.append((cur, ws_start))
                    sent_start = ws_start
                    cur = ws_end
                    continue
            b = _decide_punct(lex, text, start, end, m, sent_start)
        elif c == "\n":
            b = _decide_newline(text, start, end, p)
        elif c in _BULLETS:
            b = p if p > start and text[p - 1].isspace() else -1
        elif m.start("ws") >= 0:
            b = _decide_punct(lex, text, start, end, m, sent_start)
        else:
            b = _decide_tight(lex, text, start, end, p)
        if b > sent_start:
            cut(b)
    for f in forced[fi:]:
        if f > sent_start and not _LEADING.fullmatch(text, sent_start, f):
            cut(f)
    cut(end)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    s = _WS.match(text, start, end).end()
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def segment(doc: Document) -> tuple[Sentence, ...]:
    """Sentences of ``doc``, block by block in document order.

    Headings and table rows are one sentence each (kind = the block kind); paragraphs and quotes are split
    into sentences of kind "sentence"; list items and reference entries are split into pieces that keep
    the block kind.
    """
    text = doc.text
    out: list[Sentence] = []
    for block in sorted(doc.blocks, key=lambda b: (b.start, b.end)):
        if block.kind in ("heading", "table_row"):
            s, e = _trim(text, block.start, block.end)
            pieces, kind = ([(s, e)] if s < e else []), block.kind
        else:
            pieces = split_sentences(text, block.start, block.end)
            kind = "sentence" if block.kind in ("paragraph", "quote") else block.kind
        if pieces and out and kind in ("heading", "sentence") and out[-1].kind in ("heading", "sentence") \
                and _continues(text, out[-1], pieces[0]):
            # a sentence wrapped over a blank line: "... has caused 2000 cases of" + "neural tube defects ..."
            first = out.pop()
            s, e = pieces.pop(0)
            out.append(Sentence(len(out), first.start, e, text[first.start:e], "sentence"))
        for s, e in pieces:
            out.append(Sentence(len(out), s, e, text[s:e], kind))
    return tuple(out)


def _continues(text: str, last: Sentence, nxt: tuple[int, int]) -> bool:
    """Whether sentence ``last`` runs on into the piece ``nxt`` of the next block: it ends on a word no
    sentence ends on (or a comma) and the next piece starts with a lower-case letter."""
    head = text[nxt[0]:nxt[0] + 1]
    if not head.islower():
        return False
    tail = last.text.rstrip()
    if tail.endswith(","):
        return True
    word = tail.rsplit(None, 1)[-1].lower() if tail else ""
    return word in _lexicon().open_words


def benchmark(megabytes: float = 5.0, seed: int = 0, repeats: int = 3) -> dict[str, float]:
    """Throughput of ``split_sentences`` and of spaCy's bare English tokenizer on the same generated text.

    Returns MB/s for both (best of ``repeats`` runs) and their ratio; see ``benchmarks/bench_segment.py``
    for the command-line wrapper. The tokenizer runs paragraph by paragraph, as a pipeline would feed it.
    """
    import random
    import time

    rng = random.Random(seed)
    plain = [
        "Sleep problems often accompany depression and can slow recovery.",
        "Researchers followed the participants for two years and recorded every hospital admission.",
        "Most of the benefit appeared within the first three months of treatment.",
        "Regular physical activity is linked to a lower risk of heart disease and type 2 diabetes.",
        "The authors caution that the study was observational and cannot prove cause and effect.",
        "People who ate more fibre tended to have lower blood pressure, although the effect was small.",
        "Talk to your doctor before you stop taking any prescribed medicine.",
        "Side effects were generally mild and went away without treatment.",
    ]
    notation = [
        "Dr. Smith et al. reported a 12.5% reduction in LDL cholesterol (95% CI 8.1–16.9; p < 0.001).",
        "Participants took 2.5 mg daily, i.e. half the usual dose, vs. placebo for 12 wk.",
        "See Fig. 2 and https://example.org/trial.v2?id=7 for details.",
        "Does coffee raise blood pressure? The evidence is mixed!",
        'The authors wrote "more research is needed." Critics disagreed.',
        "The U.S. Food and Drug Administration approved it in 2019 (doi:10.1000/xyz.123).",
        "Contact j.doe@example.com for the protocol, approx. 40 pages.",
        "At 8 a.m. patients received the first dose; the second followed at 8 p.m. every day.",
    ]
    headings = ["How Ketamine Affects Sleep", "Side effects", "What the Research Shows", "Key Takeaways"]
    target = int(megabytes * 1_000_000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        if rng.random() < 0.15:
            paragraphs.append(rng.choice(headings))
            size += len(paragraphs[-1]) + 1
        sentences = [rng.choice(notation if rng.random() < 0.3 else plain) for _ in range(rng.randint(2, 7))]
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 1
    text = "\n".join(paragraphs)
    mb = len(text.encode("utf-8")) / 1_000_000

    def best_of(fn: Callable[[], int], repeats: int) -> tuple[float, int]:
        best, result = float("inf"), 0
        for _ in range(repeats):
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        return best, result

    import spacy

    tokenizer = spacy.blank("en").tokenizer
    t_split, n_sentences = best_of(lambda: len(split_sentences(text)), repeats)
    t_spacy, n_tokens = best_of(lambda: sum(len(tokenizer(p)) for p in paragraphs), repeats)

    return {
        "megabytes": mb,
        "sentences": float(n_sentences),
        "tokens": float(n_tokens),
        "split_sentences_mb_s": mb / t_split,
        "spacy_tokenizer_mb_s": mb / t_spacy,
        "ratio": t_spacy / t_split,
    }
