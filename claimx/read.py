"""Read stage: bytes on disk -> ``Document`` (extracted text, structural blocks, comments, offset map).

Plain text, Markdown (markdown-it-py) and HTML (selectolax's HTML5 parser, lexbor) are supported. Every
extracted character can be mapped back to a line and column of the original file through ``Document``'s
anchors, so editors can jump to a claim.
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from claimx.records import Block, BlockKind, Comment, Document, Hyperlink

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
KNOWN_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | (TEXT_SUFFIXES - {""})

REFERENCE_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references?|sources?|bibliography|works cited|citations|literature cited|"
    r"reference list|notes and references)\s*:?\s*$",
    re.IGNORECASE,
)


def iter_comments(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, body)`` of each ``<!-- ... -->`` comment, by ``str.find`` in one pass (a regex with a
    lazy ``.*?`` rescans the rest of the text for every unterminated ``<!--``)."""
    i = text.find("<!--")
    while i >= 0:
        j = text.find("-->", i + 4)
        if j < 0:
            return  # unterminated: no comment from here on
        yield i, j + 3, text[i + 4:j]
        i = text.find("<!--", j + 3)


class InputError(Exception):
    """A problem with one input file; its message is one line, fit for the user."""


def format_for(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main|"
                         r"section|div|p|h[1-6])[\s>]", re.IGNORECASE | re.DOTALL)


def sniff_format(text: str) -> str:
    """The format of unnamed text (standard input without ``--stdin-filename``): ``html`` when it starts
    with an HTML document or block tag, else ``text``. Markdown is read as text (its plain reading)."""
    return "html" if _HTML_START.match(text[:4096]) else "text"


def check_encoding(name: str) -> str:
    """``auto`` or a codec name Python knows (normalised); ValueError otherwise."""
    if name.lower() == "auto":
        return "auto"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding '{name}' (use auto, utf-8, cp1252, latin-1...)") from None


BOMS: tuple[tuple[bytes, str], ...] = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                      (codecs.BOM_UTF16_BE, "utf-16-be"))
BINARY_MESSAGE = "binary content (NUL bytes); expected a text, Markdown or HTML article"


def detect_encoding(sample: bytes) -> str:
    """The encoding of bytes that are not UTF-8, detected by charset-normalizer (``--encoding auto``): a codec
    name as ``codecs.lookup`` spells it. Raises ``InputError`` when nothing fits.

    On Western European text charset-normalizer often ranks several single-byte code pages as equally clean
    (cp1250, cp1252, cp1257, even hp_roman8 for Spanish) and its first is then arbitrary, or it keeps one of
    several code pages that give the same characters; Windows-1252, by far the most common of them (word
    processor exports; what HTML5 reads "latin-1" as), wins when it reads the bytes with no more mess than
    the first, or to the same characters."""
    from charset_normalizer import from_bytes

    matches = from_bytes(sample)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError("cannot detect the text encoding; name it with --encoding NAME (e.g. cp1252)")
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos:
        return "cp1252"
    name = codecs.lookup(best.encoding).name
    try:
        if name != "cp1252" and sample.decode("cp1252") == sample.decode(name):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    return name


def bad_bytes(encoding: str, byte: int, offset: int, detected: bool = False) -> str:
    """The one-line message for bytes that ``encoding`` cannot decode (``offset``: in the file)."""
    if encoding in ("utf-8", "utf_8") and not detected:
        return (f"not valid UTF-8 (byte 0x{byte:02x} at offset {offset}); convert it to UTF-8 or "
                f"pass --encoding auto (or --encoding NAME, e.g. cp1252)")
    if detected:
        return (f"not valid {encoding} (byte 0x{byte:02x} at offset {offset}), the encoding --encoding auto "
                f"detected; name it with --encoding NAME")
    return f"not valid {encoding} (byte 0x{byte:02x} at offset {offset}); try --encoding auto"


def decode_as(data: bytes, encoding: str = "utf-8") -> tuple[str, str]:
    """Decode bytes: a BOM wins, then ``encoding`` (``auto``: UTF-8 when the bytes are valid UTF-8, else
    charset detection with charset-normalizer). Returns the text and the encoding used. Binary content (NUL
    bytes) is refused."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {codec.upper()} text (byte offset {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(BINARY_MESSAGE)
    detected = False
    if encoding == "auto":
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        encoding, detected = detect_encoding(data), True
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise InputError(bad_bytes(encoding, data[exc.start], exc.start, detected)) from None


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """Decode bytes as UTF-8 (after a BOM check) or as ``encoding``; refuse binary content."""
    return decode_as(data, encoding)[0]


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``. Directories and special files (FIFOs, devices
    such as /dev/zero, sockets) are refused without being opened, so a read never blocks or runs forever."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory")
    for test, kind in _SPECIAL_KINDS:
        if test(st.st_mode):
            raise InputError(f"not a regular file ({kind}); give a text, Markdown or HTML file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file")
    if st.st_size > max_bytes:
        raise InputError(_too_big(st.st_size, max_bytes))
    try:
        with path.open("rb") as fh:
            # bounded even if the file grows meanwhile ("no limit" is sys.maxsize: read what is there)
            data = fh.read(max_bytes + 1 if max_bytes < sys.maxsize else -1)
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(_too_big(len(data), max_bytes))
    return data


def _too_big(size: int, max_bytes: int) -> str:
    return (f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
            f"raise it with --max-size (in MB)")


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None,
              encoding: str = "utf-8") -> Document:
    text, used = decode_as(read_bytes(path, max_bytes), encoding)
    doc = read_text(text, str(path), fmt or format_for(str(path)))
    return replace(doc, encoding=used) if used != doc.encoding else doc


def read_text(text: str, path: str, fmt: str = "text") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "markdown":
        return _read_markdown(text, path)
    if fmt == "html":
        return _read_html(text, path)
    return _read_plain(text, path)


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return tuple(starts)


# --------------------------------------------------------------------------------------------- plain text

LIST_MARKER = re.compile(r"^\s*(?:[-*•–+]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\[\d{1,3}\])\s+")
URL_STARTS = ("http://", "https://", "www.")


def _ends_with_link(line: str) -> bool:
    """Whether the last word of a (stripped) line holds a link."""
    words = line.rsplit(None, 1)
    return bool(words) and any(u in words[-1] for u in URL_STARTS)
TERMINAL = frozenset('.!?:;,…"”’)]')


def _blank_comments(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Replace ``<!-- -->`` comments by spaces (newlines kept) so offsets stay identical to the original."""
    found: list[tuple[str, int]] = []
    if "<!--" not in text:
        return text, found
    parts: list[str] = []
    pos = 0
    for start, end, body in iter_comments(text):
        found.append((body.strip(), start))
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), found


def _is_table_line(line: str) -> bool:
    return line.count("|") >= 2 or line.count("\t") >= 2


def _looks_like_heading(line: str, prev: str, nxt: str) -> bool:
    s = line.strip()
    if not s or s[-1] in TERMINAL or len(s.split()) > 16 or not (s[0].isupper() or s[0].isdigit()):
        return False
    nxt_s = nxt.lstrip()
    if nxt_s and (nxt_s[0].islower() or nxt_s[0] in ",;:)"):
        return False  # a hard-wrapped line continues on the next line
    prev_s = prev.strip()
    return not prev_s or prev_s[-1] in TERMINAL or _looks_like_heading_simple(prev_s)


def _looks_like_heading_simple(s: str) -> bool:
    return bool(s) and s[-1] not in TERMINAL and len(s.split()) <= 16


def _read_plain(text: str, path: str) -> Document:
    clean, comments = _blank_comments(text)
    lines = clean.split("\n")
    starts = _line_starts(clean)
    blocks: list[Block] = []
    para_start: int | None = None
    para_end = 0
    in_refs = False

    def flush() -> None:
        nonlocal para_start
        if para_start is not None:
            blocks.append(Block(para_start, para_end, "reference" if in_refs else "paragraph"))
            para_start = None

    for i, line in enumerate(lines):
        start = starts[i]
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        lstart = start + (len(line) - len(line.lstrip()))
        lend = start + len(line.rstrip())
        prev = lines[i - 1] if i else ""
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if REFERENCE_HEADING.match(stripped) and _looks_like_heading_simple(stripped.rstrip(":")):
            flush()
            blocks.append(Block(lstart, lend, "heading"))
            in_refs = True
            continue
        marker = LIST_MARKER.match(line)
        if marker:
            flush()
            blocks.append(Block(start + marker.end(), lend, "reference" if in_refs else "list_item"))
            continue
        if _is_table_line(line):
            flush()
            blocks.append(Block(lstart, lend, "table_row"))
            continue
        if _looks_like_heading(line, prev, nxt):
            flush()
            blocks.append(Block(lstart, lend, "heading"))
            in_refs = False
            continue
        if in_refs:
            flush()
            blocks.append(Block(lstart, lend, "reference"))
            continue
        if para_start is None:
            para_start = lstart
        para_end = lend
        if _ends_with_link(stripped):
            flush()  # a line that ends with a link ends its statement (forum posts, link lists)
    flush()
    doc_comments = tuple(Comment(t, off, bisect.bisect_right(starts, off)) for t, off in comments)
    return Document(path, "text", clean, tuple(blocks), doc_comments, ((0, 0),), starts)


# ------------------------------------------------------------------------------------------------ builder


@dataclass
class _Builder:
    """Accumulates extracted text block by block, with anchors to original offsets."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    anchors: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    comments: list[tuple[str, int, int]] = field(default_factory=list)  # text, extracted offset, orig offset
    block_start: int | None = None
    kind: BlockKind = "paragraph"
    links: list[Hyperlink] = field(default_factory=list)
    # the open link: its target and where its text starts (None until its first character)
    link_href: str | None = None
    link_start: int | None = None

    def add(self, piece: str, orig: int | None) -> None:
        if not piece:
            return
        if self.block_start is None:
            if self.parts:
                self.parts.append("\n\n")
                self.length += 2
            self.block_start = self.length
        if self.link_href is not None and self.link_start is None:
            self.link_start = self.length
        if orig is not None:
            self.anchors.append((self.length, orig))
        self.parts.append(piece)
        self.length += len(piece)

    def space(self) -> None:
        if self.block_start is not None and self.parts and not self.parts[-1].endswith(" "):
            self.parts.append(" ")
            self.length += 1

    def end_block(self) -> None:
        if self.block_start is None:
            return
        # trim trailing spaces from the block
        while self.parts and self.parts[-1].endswith(" "):
            last = self.parts.pop()
            trimmed = last.rstrip(" ")
            self.length -= len(last) - len(trimmed)
            if trimmed:
                self.parts.append(trimmed)
                break
        if self.length > self.block_start:
            self.blocks.append(Block(self.block_start, self.length, self.kind))
        self.block_start = None

    def open_link(self, href: str | None) -> None:
        self.close_link()
        self.link_href, self.link_start = (href.strip() or None) if href else None, None

    def close_link(self) -> None:
        if self.link_href is not None and self.link_start is not None and self.length > self.link_start:
            self.links.append(Hyperlink(self.link_start, self.length, self.link_href))
        self.link_href = self.link_start = None

    def comment(self, text: str, orig: int) -> None:
        self.comments.append((text.strip(), self.length, orig))

    def build(self, path: str, fmt: str, original: str) -> Document:
        self.close_link()
        self.end_block()
        starts = _line_starts(original)
        anchors = sorted(set(self.anchors)) or [(0, 0)]
        comments = tuple(Comment(t, off, bisect.bisect_right(starts, orig)) for t, off, orig in self.comments)
        return Document(path, fmt, "".join(self.parts), tuple(self.blocks), comments, tuple(anchors), starts,
                        tuple(self.links))


WS_RUN = re.compile(r"\s+")


def _add_collapsed(builder: _Builder, text: str, orig: int | None) -> None:
    """Add text with whitespace runs collapsed to one space, anchoring each word run."""
    pos = 0
    for m in WS_RUN.finditer(text):
        if m.start() > pos:
            builder.add(text[pos:m.start()], None if orig is None else orig + pos)
        builder.space()
        pos = m.end()
    if pos < len(text):
        builder.add(text[pos:], None if orig is None else orig + pos)


# --------------------------------------------------------------------------------------------- Markdown

_MD = MarkdownIt("commonmark").enable("table")


def _read_markdown(text: str, path: str) -> Document:
    tokens = _MD.parse(text)
    starts = _line_starts(text)
    b = _Builder()
    kind_stack: list[BlockKind] = []
    in_refs = False
    heading_text: list[str] = []
    for tok in tokens:
        t = tok.type
        if t == "heading_open":
            b.end_block()
            b.kind = "heading"
            heading_text = []
        elif t == "heading_close":
            b.end_block()
            in_refs = bool(REFERENCE_HEADING.match(" ".join(heading_text)))
        elif t in ("bullet_list_open", "ordered_list_open"):
            b.end_block()
        elif t == "list_item_open":
            b.end_block()
            kind_stack.append("reference" if in_refs else "list_item")
        elif t == "list_item_close":
            b.end_block()
            kind_stack.pop()
        elif t == "blockquote_open":
            b.end_block()
            kind_stack.append("quote")
        elif t == "blockquote_close":
            b.end_block()
            kind_stack.pop()
        elif t == "paragraph_open":
            b.end_block()
            b.kind = kind_stack[-1] if kind_stack else ("reference" if in_refs else "paragraph")
        elif t in ("paragraph_close", "tr_close"):
            b.end_block()
        elif t == "tr_open":
            b.end_block()
            b.kind = "table_row"
        elif t in ("th_open", "td_open"):
            if b.block_start is not None:
                b.add(" | ", None)
        elif t == "inline":
            line0 = tok.map[0] if tok.map else 0
            cursor = starts[line0] if line0 < len(starts) else 0
            limit = starts[tok.map[1]] if tok.map and tok.map[1] < len(starts) else len(text)
            _md_inline(b, tok.children or [], text, cursor, limit)
            heading_text.append(tok.content)
        elif t == "html_block":
            b.end_block()
            base = starts[tok.map[0]] if tok.map else 0
            for start, _end, body in iter_comments(tok.content):
                b.comment(body, base + start)
        # fences, code blocks, hr: skipped
    return b.build(path, "markdown", text)


def _md_inline(b: _Builder, children: list, text: str, cursor: int, limit: int) -> int:
    for child in children:
        ct = child.type
        if ct in ("text", "code_inline"):
            content = child.content
            found = text.find(content, cursor, limit) if content else -1
            if found >= 0:
                cursor = found + len(content)
                _add_collapsed(b, content, found)
                continue
            # escapes or character references: place each word on its own
            pos = 0
            for m in re.finditer(r"\S+", content):
                if m.start() > pos or (m.start() == 0 and content[:1].isspace()):
                    b.space()
                word = m.group()
                at = text.find(word, cursor, limit)
                if at >= 0:
                    cursor = at + len(word)
                b.add(word, at if at >= 0 else None)
                pos = m.end()
            if content[-1:].isspace():
                b.space()
        elif ct == "link_open":
            href = child.attrGet("href")
            b.open_link(str(href) if href else None)
        elif ct == "link_close":
            b.close_link()
        elif ct in ("softbreak", "hardbreak"):
            b.space()
        elif ct == "html_inline":
            comment = next(iter_comments(child.content), None)
            if comment is None or comment[0] != 0:
                b.space()  # <br>, <span>...: a word boundary
            else:
                found = text.find(child.content, cursor, limit)
                b.comment(comment[2], found if found >= 0 else cursor)
        elif ct == "image":
            continue
    return cursor


# ------------------------------------------------------------------------------------------------- HTML

SKIP_TAGS = frozenset({"script", "style", "nav", "noscript", "template", "head", "svg", "button", "select",
                       "form", "iframe", "pre", "code", "aside", "footer"})
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "header", "ul", "ol", "dl", "dt", "dd",
                        "table", "thead", "tbody", "tfoot", "figure", "figcaption", "br", "hr", "body",
                        "html", "address", "details", "summary", "caption"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
                       "track", "wbr"})


NON_WS = re.compile(r"\S+")
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _entity_offsets(source: str, start: int, decoded: str) -> list[int]:
    """For each character of ``decoded`` (HTML text with character references resolved), its offset in
    ``source`` from ``start``."""
    out: list[int] = []
    i = start
    n = len(source)
    while len(out) < len(decoded) and i < n:
        if source[i] == "&":
            m = ENTITY.match(source, i)
            if m:
                text = html.unescape(m.group())
                if text != m.group() and decoded.startswith(text, len(out)):
                    out.extend([i] * len(text))
                    i = m.end()
                    continue
        out.append(i)
        i += 1
    out.extend([i] * (len(decoded) - len(out)))
    return out


def _text_mask(original: str) -> str:
    """``original`` with markup (tags, comments, declarations) blanked out, same length: text found in the
    DOM is looked up here, so a word is never matched inside a tag or an attribute. One linear scan."""
    out: list[str] = []
    i = 0
    n = len(original)
    while i < n:
        j = original.find("<", i)
        if j < 0:
            out.append(original[i:])
            break
        out.append(original[i:j])
        nxt = original[j + 1:j + 2]
        if original.startswith("<!--", j):
            k = original.find("-->", j + 4)
            end = n if k < 0 else k + 3
        elif nxt.isalpha() or nxt in ("/", "!", "?"):
            k = original.find(">", j + 1)
            end = n if k < 0 else k + 1
        else:
            out.append("<")
            i = j + 1
            continue
        out.append("\0" * (end - j))
        i = end
    return "".join(out)


class _HtmlExtractor:
    """Walks the DOM that selectolax's HTML5 parser (lexbor) builds, which never fails on bad markup, and
    finds each text node back in the source for the offset map."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.mask = _text_mask(original)
        self.cursor = 0  # source offset after the last text found
        self.b = _Builder()
        self.skip_depth = 0
        self.kinds: list[BlockKind] = []
        self.in_refs = False
        self.heading_buf: list[str] = []
        self.skip_tag: str | None = None

    def walk(self, node) -> None:  # type: ignore[no-untyped-def]
        """Depth-first over the tree, as start tag / data / comment / end tag events (no recursion: the
        nesting of a hostile file is unbounded)."""
        stack: list[tuple[object, bool]] = [(node, False)]
        while stack:
            current, closing = stack.pop()
            tag = current.tag  # type: ignore[attr-defined]
            if closing:
                self.handle_endtag(tag)
                continue
            if current.is_text_node:  # type: ignore[attr-defined]
                self.handle_data(current.text_content or "")  # type: ignore[attr-defined]
                continue
            if current.is_comment_node:  # type: ignore[attr-defined]
                self.handle_comment(current.comment_content or "")  # type: ignore[attr-defined]
                continue
            if current is not node:
                if not tag or tag.startswith(("-", "!")):
                    continue  # doctype
                self.handle_starttag(tag, current.attributes)  # type: ignore[attr-defined]
                stack.append((current, True))
            children = []
            child = current.child  # type: ignore[attr-defined]
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, False) for c in reversed(children))

    def _find(self, word: str) -> int | None:
        """Source offset of the next occurrence of ``word`` (decoded text) outside markup."""
        at = self.mask.find(word, self.cursor)
        if at >= 0:
            self.cursor = at + len(word)
            return at
        # character references inside: look for the part before the first one, then map through them
        prefix = word.split("&", 1)[0]
        k = 0
        while k < len(prefix) and prefix[k].isascii() and prefix[k] not in "<>\"'":
            k += 1
        head = word[:k]
        at = self.mask.find(head or "&", self.cursor)
        if at < 0:
            return None
        offsets = _entity_offsets(self.original, at, word)
        self.cursor = max(self.cursor, offsets[-1] + 1 if offsets else at)
        return at

    def _reset_kind(self) -> None:
        self.b.kind = self.kinds[-1] if self.kinds else ("reference" if self.in_refs else "paragraph")

    def _close_kind(self, kind: str) -> None:
        """Close the innermost open block of ``kind`` (and anything opened inside it)."""
        if kind in self.kinds:
            self.b.end_block()
            while self.kinds:
                if self.kinds.pop() == kind:
                    break
            self._reset_kind()

    def handle_starttag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "a" and self.skip_tag is None:
            self.b.open_link(attrs.get("href"))
            return
        if tag in VOID_TAGS:
            if tag == "br":
                self.b.space()
            return
        if self.skip_tag is not None:
            if tag == "body" and self.skip_tag == "head":  # an omitted </head>
                self.skip_tag, self.skip_depth = None, 0
            elif tag == self.skip_tag:
                self.skip_depth += 1
            if self.skip_tag is not None:
                return
        if tag in SKIP_TAGS:
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in HEADING_TAGS:
            self.b.end_block()
            self.kinds.append("heading")
            self.b.kind = "heading"
            self.heading_buf = []
        elif tag == "li":
            self._close_kind("list_item")  # a <li> closes the previous one
            self._close_kind("reference")
            self.b.end_block()
            self.kinds.append("reference" if self.in_refs else "list_item")
            self.b.kind = self.kinds[-1]
        elif tag == "blockquote":
            self.b.end_block()
            self.kinds.append("quote")
            self.b.kind = "quote"
        elif tag == "tr":
            self._close_kind("table_row")  # a <tr> closes the previous one
            self.b.end_block()
            self.kinds.append("table_row")
            self.b.kind = "table_row"
        elif tag in ("td", "th"):
            if self.b.block_start is not None:
                self.b.add(" | ", None)
        elif tag in BLOCK_TAGS:
            self.b.end_block()
            self._reset_kind()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.b.close_link()
            return
        if tag in VOID_TAGS:
            return
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in HEADING_TAGS:
            self._close_kind("heading")
            self.in_refs = bool(REFERENCE_HEADING.match("".join(self.heading_buf)))
            self._reset_kind()
        elif tag == "li":
            self._close_kind("reference" if "reference" in self.kinds[-1:] else "list_item")
        elif tag == "blockquote":
            self._close_kind("quote")
        elif tag == "tr":
            self._close_kind("table_row")
        elif tag in ("ul", "ol"):
            self._close_kind("list_item")
            self._close_kind("reference")
        elif tag == "table":
            self._close_kind("table_row")
        elif tag in BLOCK_TAGS:
            self.b.end_block()
            self._reset_kind()

    def handle_data(self, data: str) -> None:
        if not data:
            return
        if self.skip_tag is not None:
            for m in NON_WS.finditer(data):  # keep the cursor past skipped text
                at = self.mask.find(m.group(), self.cursor)
                if at >= 0:
                    self.cursor = at + len(m.group())
            return
        if self.b.kind == "heading":
            self.heading_buf.append(data)
        for m in NON_WS.finditer(data):
            if m.start() > 0 and data[m.start() - 1].isspace():
                self.b.space()
            self.b.add(m.group(), self._find(m.group()))
        if data[-1:].isspace():
            self.b.space()

    def handle_comment(self, data: str) -> None:
        at = self.original.find("<!--", self.cursor)
        if at >= 0:
            self.cursor = at + 4
        self.b.comment(data, at if at >= 0 else self.cursor)


#: Elements nested deeper than this are flattened before parsing (browsers cap the depth too): an HTML5
#: parser checks the stack of open elements at each tag, so run time would grow with depth x tags.
MAX_HTML_DEPTH = 256
# elements whose end tag may be omitted (<p>, <li>...): they do not count, so sloppy files keep their blocks
_OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
                           "optgroup", "colgroup", "caption", "rt", "rp", "html", "head", "body"})


def _flatten_deep(text: str) -> str:
    """``text`` with the start and end tags nested deeper than MAX_HTML_DEPTH blanked (same length, so
    offsets are unchanged). One linear scan; most files are returned as they are."""
    if text.count("<") <= MAX_HTML_DEPTH:
        return text
    out: list[str] = []
    depth = 0
    deep = 0  # start tags blanked and not yet closed
    pos = 0
    i = text.find("<")
    n = len(text)
    while 0 <= i < n:
        j = text.find(">", i + 1)
        if j < 0:
            break
        closing = text.startswith("/", i + 1)
        k = i + 1 + closing
        m = k
        while m < j and (text[m].isalnum()):
            m += 1
        name = text[k:m].lower()
        blank = False
        if name and name not in VOID_TAGS and name not in _OPTIONAL_END and not text.startswith("/>", j - 1):
            if closing:
                if deep:
                    deep -= 1
                    blank = True
                elif depth:
                    depth -= 1
            elif depth >= MAX_HTML_DEPTH:
                deep += 1
                blank = True
            else:
                depth += 1
        if blank:
            out.append(text[pos:i])
            out.append(" " * (j + 1 - i))
            pos = j + 1
        i = text.find("<", j + 1)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _read_html(text: str, path: str) -> Document:
    extractor = _HtmlExtractor(text)
    root = LexborHTMLParser(_flatten_deep(text)).root
    if root is not None:
        extractor.walk(root.parent or root)  # the document node: comments before <html> count too
    return extractor.b.build(path, "html", text)
