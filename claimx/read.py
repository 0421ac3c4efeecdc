"""Read stage: bytes on disk -> ``Document`` (extracted text, structural blocks, comments, offset map).

Plain text, Markdown (markdown-it-py) and HTML (the standard library's HTML parser) are supported. Every
extracted character can be mapped back to a line and column of the original file through ``Document``'s
anchors, so editors can jump to a claim.
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

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
COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)


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


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (after a BOM check); refuse binary content."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {codec.upper()} text (byte offset {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes); expected a text, Markdown or HTML article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it to UTF-8"
        ) from None
    return text


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None) -> Document:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise InputError(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
            f"raise it with --max-size (in MB)"
        )
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return read_text(decode(data), str(path), fmt or format_for(str(path)))


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
LINE_END_URL = re.compile(r"(?:https?://|www\.)\S+$")
TERMINAL = frozenset('.!?:;,…"”’)]')


def _blank_comments(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Replace ``<!-- -->`` comments by spaces (newlines kept) so offsets stay identical to the original."""
    found: list[tuple[str, int]] = []

    def blank(m: re.Match[str]) -> str:
        found.append((m.group(1).strip(), m.start()))
        return re.sub(r"[^\n]", " ", m.group(0))

    if "<!--" not in text:
        return text, found
    return COMMENT_RE.sub(blank, text), found


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
        if LINE_END_URL.search(stripped):
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
            for m in COMMENT_RE.finditer(tok.content):
                b.comment(m.group(1), base + m.start())
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
            m = COMMENT_RE.match(child.content)
            if not m:
                b.space()  # <br>, <span>...: a word boundary
            if m:
                found = text.find(child.content, cursor, limit)
                b.comment(m.group(1), found if found >= 0 else cursor)
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


class _HtmlExtractor(HTMLParser):
    def __init__(self, original: str) -> None:
        super().__init__(convert_charrefs=True)
        self.original = original
        self.starts = _line_starts(original)
        self.b = _Builder()
        self.skip_depth = 0
        self.kinds: list[BlockKind] = []
        self.in_refs = False
        self.heading_buf: list[str] = []
        self.skip_tag: str | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col if line - 1 < len(self.starts) else len(self.original)

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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and self.skip_tag is None:
            self.b.open_link(dict(attrs).get("href"))
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
        if self.skip_tag is not None or not data:
            return
        if self.b.kind == "heading":
            self.heading_buf.append(data)
        orig = self._offset()
        # with character references inside, map each decoded character back to the source
        exact = self.original.startswith(data, orig)
        offsets = None if exact else _entity_offsets(self.original, orig, data)
        for m in NON_WS.finditer(data):
            if m.start() > 0 and data[m.start() - 1].isspace():
                self.b.space()
            src = orig + m.start() if offsets is None else offsets[m.start()]
            self.b.add(m.group(), src)
        if data[-1:].isspace():
            self.b.space()

    def handle_comment(self, data: str) -> None:
        self.b.comment(data, self._offset())


def _read_html(text: str, path: str) -> Document:
    parser = _HtmlExtractor(text)
    parser.feed(text)
    parser.close()
    return parser.b.build(path, "html", text)
