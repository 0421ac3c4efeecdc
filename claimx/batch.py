"""Many inputs: large files read and checked section by section, in bounded memory, and process workers.

* ``sections`` reads a plain-text or Markdown file incrementally and cuts it at paragraph breaks into
  sections of about ``block_chars`` characters; each section is checked as an article of its own, and
  ``Stitcher`` moves its offsets, lines, sentence numbers and claim ids to those of the whole file, so a
  finding's position is exact whatever the section.
* ``run`` checks ``Task`` units in input order, in this process (``jobs=1``) or in ``jobs`` worker processes
  that each load the pipeline once; results come back in input order, with at most a few units in flight,
  so memory does not grow with the number or size of the inputs and the output is the same as with one
  job.

A file no larger than ``block_chars`` is one task, checked exactly as before. HTML files are never cut (a
tag may span a blank line); ``--max-size`` guards against huge ones.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from claimx.records import (
    Claim,
    Comment,
    Cue,
    Document,
    DocumentResult,
    DocumentSource,
    Finding,
    Hyperlink,
    Reference,
    Section,
    SectionDocument,
    Sentence,
    SourceMention,
)

DEFAULT_BLOCK_CHARS = 2_000_000
READ_CHARS = 1 << 16
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
_CLAIM_ID = re.compile(r"c(\d+)")


@dataclass(frozen=True, slots=True)
class Task:
    """One unit of work: a whole file (``path``), a text (stdin, or a section of a large file), or a ready
    error. ``tag`` is the caller's input number (results of a file's sections share it)."""

    tag: int
    display: str
    options: object  # claimx.pipeline.PipelineOptions (not imported here: workers import it lazily)
    path: str | None = None
    text: str | None = None
    fmt: str = "text"
    error: str | None = None
    section: int | None = None  # section number within its file
    line_shift: int = 0  # lines of the file before the section
    original_shift: int = 0  # characters of the (newline-normalised) file before the section
    last: bool = False  # the last section of its file
    encoding: str = "utf-8"  # the encoding ``text`` was decoded from (reported in the output)


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------------------------- reading


#: Bytes of a file ``--encoding auto`` hands to charset detection when the file is not UTF-8.
DETECT_BYTES = 1 << 20


class _Decoder:
    """Incremental decoding with the same rules as ``claimx.read.decode_as`` (a BOM wins, NUL bytes refused,
    then ``encoding``: a codec name, or ``auto``), undecodable bytes reported with their offset in the file.
    ``auto`` reads the whole file once to learn whether it is UTF-8; when it is not, charset-normalizer
    detects the encoding on its first block and the block around the first byte that is not UTF-8."""

    def __init__(self, head: bytes, encoding: str = "utf-8", path: Path | None = None) -> None:
        from claimx.read import BINARY_MESSAGE, BOMS, InputError

        self.codec = encoding if encoding == "auto" else codecs.lookup(encoding).name  # as read.check_encoding
        self.skip, self.bom, self.detected = 0, False, False
        for bom, codec in BOMS:
            if head.startswith(bom):
                self.codec, self.skip, self.bom = codec, len(bom), True
                break
        if not self.bom:
            if b"\x00" in head[:8192]:
                raise InputError(BINARY_MESSAGE)
            if encoding == "auto":
                self.codec = "utf-8" if path is None else _detect(path)
                self.detected = self.codec != "utf-8"
        self.decoder = codecs.getincrementaldecoder(self.codec)()
        self.consumed = 0

    def decode(self, data: bytes, final: bool = False) -> str:
        from claimx.read import InputError, bad_bytes

        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            # exc.object: the bytes the decoder held back from the previous piece, then ``data``
            at = self.consumed - (len(exc.object) - len(data)) + exc.start - self.skip
            byte = exc.object[exc.start]
            if self.bom:
                raise InputError(f"not valid {self.codec.upper()} text (byte offset {at})") from None
            raise InputError(bad_bytes(self.codec, byte, at, self.detected)) from None
        self.consumed += len(data)
        return text


def _detect(path: Path, chunk: int = 1 << 20) -> str:
    """``--encoding auto`` on a file read in pieces: ``utf-8`` when all of it is valid UTF-8, else the
    encoding charset-normalizer detects on its first ``DETECT_BYTES`` and the bytes around the first one that
    is not UTF-8 (so that a file whose first non-ASCII character comes late is still detected)."""
    from claimx.read import detect_encoding

    check = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with path.open("rb") as fh:
        while True:
            data = fh.read(chunk)
            try:
                check.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                bad = max(0, done + exc.start - len(exc.object) + len(data))
                break
            if not data:
                return "utf-8"
            done += len(data)
        fh.seek(0)
        sample = fh.read(DETECT_BYTES)
        if bad >= DETECT_BYTES - 4096:  # the first non-UTF-8 byte lies beyond the first block: add its block
            fh.seek(bad - 4096)
            sample = sample[:DETECT_BYTES // 2] + fh.read(DETECT_BYTES // 2)
    return detect_encoding(sample)


class TextPieces:
    """The text of a file, newline-normalised (CRLF and CR to LF, as ``claimx.read.read_text``), in pieces
    decoded incrementally from ``encoding`` (a codec name or ``auto``); ``encoding`` is the one used once
    the first piece is out."""

    def __init__(self, path: Path, encoding: str = "utf-8", read_bytes: int = READ_CHARS) -> None:
        self.path, self.read_bytes = path, read_bytes
        self.asked = encoding
        self.encoding = "utf-8" if encoding == "auto" else encoding

    def __iter__(self) -> Iterator[str]:
        with self.path.open("rb") as fh:
            head = fh.read(max(self.read_bytes, 8192))
            decoder = _Decoder(head, self.asked, self.path)
            self.encoding = decoder.codec
            data = head[decoder.skip:]
            decoder.consumed = decoder.skip
            carry = ""
            while True:
                final = not data
                text = carry + decoder.decode(data, final)
                carry = ""
                if text.endswith("\r") and not final:
                    text, carry = text[:-1], "\r"
                if text:
                    yield text.replace("\r\n", "\n").replace("\r", "\n")
                if final:
                    return
                data = fh.read(self.read_bytes)


def _safe_cut(buf: str, cut: int, markdown: bool) -> bool:
    """A cut at ``cut`` leaves no comment (and, in Markdown, no code fence) open."""
    head = buf[:cut]
    if head.count("<!--") != head.count("-->"):
        return False
    return not markdown or len(_FENCE.findall(head)) % 2 == 0


def _find_cut(buf: str, block: int, markdown: bool, final: bool) -> int | None:
    """Where to end the next section of ``buf``: after a paragraph break near ``block`` characters; after
    a line break (or a space) when a paragraph runs far longer; None: read more first."""
    end = min(len(buf), block)
    while True:  # the last paragraph break before ``block``
        i = buf.rfind("\n\n", 0, end)
        if i <= 0:
            break
        if _safe_cut(buf, i + 2, markdown):
            return i + 2
        end = i
    i = buf.find("\n\n", block)
    while i >= 0:  # else the first one after it
        if _safe_cut(buf, i + 2, markdown):
            return i + 2
        i = buf.find("\n\n", i + 2)
    if final or len(buf) < 4 * block:
        return None
    for sep in ("\n", " "):  # a paragraph four blocks long: cut at a line break, a space, anywhere
        i = buf.rfind(sep, 0, block)
        if i > 0:
            return i + 1
    return block


def sections(path: Path, block_chars: int = DEFAULT_BLOCK_CHARS, fmt: str = "text", encoding: str = "utf-8",
             pieces: Iterable[str] | None = None) -> Iterator[tuple[str, int, int]]:
    """``(text, line_shift, original_shift)`` of each section of a text or Markdown file, in order; reads
    the file incrementally (decoded from ``encoding``: a codec name or ``auto``; ``pieces``: a
    :class:`TextPieces` of the file already made). Raises ``claimx.read.InputError`` (possibly after some
    sections) on bad input."""
    markdown = fmt == "markdown"
    buf = ""
    lines = 0
    chars = 0
    if pieces is None:
        pieces = TextPieces(path, encoding, max(4096, min(READ_CHARS, block_chars)))
    for piece in pieces:
        buf += piece
        while len(buf) > block_chars:
            cut = _find_cut(buf, block_chars, markdown, final=False)
            if cut is None:
                break
            yield buf[:cut], lines, chars
            lines += buf.count("\n", 0, cut)
            chars += cut
            buf = buf[cut:]
    while buf:
        cut = _find_cut(buf, block_chars, markdown, final=True) if len(buf) > block_chars else None
        if cut is None:
            yield buf, lines, chars
            return
        yield buf[:cut], lines, chars
        lines += buf.count("\n", 0, cut)
        chars += cut
        buf = buf[cut:]


def file_tasks(tag: int, path: Path, display: str, options: object, fmt: str,
               block_chars: int = DEFAULT_BLOCK_CHARS, max_bytes: int | None = None) -> Iterator[Task]:
    """The tasks of one input file: the whole file, or its sections when it is larger than ``block_chars``
    (and not HTML). Sections are read lazily, as the tasks are consumed."""
    from claimx.read import InputError

    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Task(tag, display, options, error="no such file" if isinstance(exc, FileNotFoundError)
                   else f"cannot read: {exc.strerror or exc}")
        return
    if max_bytes and size > max_bytes:
        yield Task(tag, display, options, error=f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                                                f"limit set with --max-size")
        return
    if size <= block_chars or fmt == "html":
        yield Task(tag, display, options, path=str(path), fmt=fmt)
        return
    pending: Task | None = None
    n = 0
    pieces = TextPieces(path, getattr(options, "encoding", "utf-8"), max(4096, min(READ_CHARS, block_chars)))
    try:
        for text, line_shift, original_shift in sections(path, block_chars, fmt, pieces=pieces):
            if pending is not None:
                yield pending
            pending = Task(tag, display, options, text=text, fmt=fmt, section=n, line_shift=line_shift,
                           original_shift=original_shift, encoding=pieces.encoding)
            n += 1
    except InputError as exc:
        if pending is not None:
            yield pending
        yield Task(tag, display, options, error=str(exc))
        return
    except OSError as exc:
        if pending is not None:
            yield pending
        yield Task(tag, display, options, error=f"cannot read: {exc.strerror or exc}")
        return
    if pending is not None:
        yield replace(pending, last=True)


# ---------------------------------------------------------------------------------------------- running

_PIPELINES: dict[object, object] = {}


def pipeline_for(options: object):
    """The pipeline for ``options``, built once per process."""
    pipeline = _PIPELINES.get(options)
    if pipeline is None:
        from claimx.pipeline import Pipeline

        pipeline = _PIPELINES[options] = Pipeline(options)  # type: ignore[arg-type]
    return pipeline


def run_task(task: Task) -> DocumentResult:
    """Check one task (in whichever process runs it)."""
    if task.error is not None:
        return DocumentResult(path=task.display, error=task.error)
    pipeline = pipeline_for(task.options)
    if task.text is not None:
        return pipeline.check_text(task.text, task.display, task.fmt, task.encoding)
    return pipeline.check_path(Path(task.path or task.display), task.display, task.fmt)


def _warm(options: object) -> None:
    if options is not None:
        pipeline_for(options)


_BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _context():
    import multiprocessing as mp

    # one BLAS thread per worker: the syntactic model's matrix products would otherwise start a thread per
    # core in every worker and the workers would fight over the cores (set before the workers start)
    for name in _BLAS_THREADS:
        os.environ.setdefault(name, "1")

    if sys.platform != "win32" and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["claimx._warm"])  # resources loaded once, then each worker forks from it
        return ctx
    return mp.get_context("spawn")


def start_workers_early() -> None:
    """Start the fork server of a ``--jobs`` run now (it loads the pipeline in the background, on another core,
    while this process imports its own modules and lists the inputs), instead of when the first task is
    submitted, which would put its one second of loading after everything else. A server that ends up unused
    (one input after all) exits with this process."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def run(tasks: Iterable[Task], jobs: int = 1, warm: object = None) -> Iterator[tuple[Task, DocumentResult]]:
    """``(task, result)`` for every task, in order. ``jobs > 1``: in worker processes that load the pipeline
    once each (``warm``: the options to load it for at start), with ``4 * jobs`` tasks in flight at most."""
    stitch = Stitcher()
    if jobs <= 1:
        for task in tasks:
            yield task, stitch(task, run_task(task))
        return
    from concurrent.futures import ProcessPoolExecutor

    window = 4 * jobs
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_warm,
                             initargs=(warm,)) as pool:
        pending: deque = deque()

        def take() -> tuple[Task, DocumentResult]:
            task, future = pending.popleft()
            try:
                result = future.result() if future is not None else run_task(task)
            except Exception as exc:  # a worker died: report it for this input, go on with the others
                result = DocumentResult(path=task.display, error=f"internal error: {type(exc).__name__}: {exc}")
            return task, stitch(task, result)

        for task in tasks:
            pending.append((task, None if task.error is not None else pool.submit(run_task, task)))
            if len(pending) >= window:
                yield take()
        while pending:
            yield take()


# -------------------------------------------------------------------------------------------- stitching


@dataclass
class _FileState:
    offset: int = 0  # extracted characters before the next section
    sentences: int = 0
    claims: int = 0


class Stitcher:
    """Moves the results of a file's sections to the coordinates of the whole file (in task order)."""

    def __init__(self) -> None:
        self.files: dict[int, _FileState] = {}

    def __call__(self, task: Task, result: DocumentResult) -> DocumentResult:
        if task.section is None:
            return result
        state = self.files.setdefault(task.tag, _FileState())
        if task.last or result.error is not None:
            self.files.pop(task.tag, None)
        if result.error is not None or result.document is None:
            return result
        doc = result.document
        offset = state.offset
        out = shift_result(result, offset, task.line_shift, task.original_shift, state.sentences, state.claims)
        out = replace(out, section=Section(task.section, task.line_shift + 1, offset, task.last))
        # the whole file's extracted text: plain text is the file itself; Markdown blocks are joined by a
        # blank line
        state.offset += len(doc.text) if doc.format == "text" else (len(doc.text) + 2 if doc.text else 0)
        state.sentences += len(result.sentences)
        state.claims += len(result.claims)
        return out


def _claim_id(old: str, claims: int) -> str:
    m = _CLAIM_ID.fullmatch(old)
    return f"c{int(m.group(1)) + claims}" if m else old


def shift_result(r: DocumentResult, offset: int, line_shift: int, original_shift: int, sentences: int,
                 claims: int) -> DocumentResult:
    """``r`` with offsets moved by ``offset``, lines by ``line_shift``, sentence numbers by ``sentences`` and
    claim ids by ``claims``."""
    if not (offset or line_shift or original_shift or sentences or claims):
        return r

    def cue(c: Cue) -> Cue:
        return replace(c, start=c.start + offset, end=c.end + offset)

    def mention(m: SourceMention) -> SourceMention:
        return replace(m, start=m.start + offset, end=m.end + offset)

    def span(s: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if s is None else (s[0] + offset, s[1] + offset)

    def claim(c: Claim) -> Claim:
        return replace(c, id=_claim_id(c.id, claims), sentence_index=c.sentence_index + sentences,
                       start=c.start + offset, end=c.end + offset, intervention_span=span(c.intervention_span),
                       outcome_span=span(c.outcome_span) or (0, 0), hedge_cues=tuple(map(cue, c.hedge_cues)),
                       sources=tuple(map(mention, c.sources)))

    def finding(f: Finding) -> Finding:
        return replace(f, line=f.line + line_shift, start=f.start + offset, end=f.end + offset,
                       claim_id=None if f.claim_id is None else _claim_id(f.claim_id, claims),
                       related=tuple(_claim_id(x, claims) for x in f.related))

    def sentence(s: Sentence) -> Sentence:
        return replace(s, index=s.index + sentences, start=s.start + offset, end=s.end + offset)

    def reference(x: Reference) -> Reference:
        return replace(x, start=x.start + offset, end=x.end + offset)

    def comment(c: Comment) -> Comment:
        return replace(c, offset=c.offset + offset, line=c.line + line_shift)

    def link(h: Hyperlink) -> Hyperlink:
        return replace(h, start=h.start + offset, end=h.end + offset)

    def source(d: DocumentSource) -> DocumentSource:
        return replace(d, mention=mention(d.mention), sentence_index=d.sentence_index + sentences,
                       claims=tuple(_claim_id(x, claims) for x in d.claims))

    doc = r.document
    assert doc is not None
    fields_of = {f.name: getattr(doc, f.name) for f in fields(Document)}
    fields_of.update(comments=tuple(map(comment, doc.comments)), links=tuple(map(link, doc.links)))
    new_doc = SectionDocument(**fields_of, offset_shift=offset, original_shift=original_shift,
                              line_shift=line_shift)
    return replace(
        r,
        document=new_doc,
        sentences=tuple(map(sentence, r.sentences)),
        claims=tuple(map(claim, r.claims)),
        findings=tuple(map(finding, r.findings)),
        contradictions=tuple(replace(x, claims=tuple(_claim_id(i, claims) for i in x.claims))
                             for x in r.contradictions),
        references=tuple(map(reference, r.references)),
        sentence_cues=tuple(tuple(map(cue, cs)) for cs in r.sentence_cues),
        sentence_sources=tuple(tuple(map(mention, ms)) for ms in r.sentence_sources),
        sources=tuple(map(source, r.sources)),
    )
