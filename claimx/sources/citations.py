"""Markers that identify a work beyond those of ``claimx.link``: link targets (href) of Markdown and HTML links
that point at a DOI, PubMed, PubMed Central, a journal article or a trial registry entry, and PMCIDs and
trial registration numbers written in the text. The forms live in ``models/sources/links.yaml``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from claimx.lexicon import load_yaml
from claimx.records import Hyperlink, SourceMention


@cache
def _targets() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml("sources", "links.yaml").get("targets", {})
    return tuple((kind, re.compile(p, re.IGNORECASE)) for kind, pats in data.items() for p in pats)


@cache
def _text_ids() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_yaml("sources", "links.yaml").get("text", {})
    return tuple((kind, re.compile(p)) for kind, p in data.items())


def classify_target(href: str) -> tuple[str, str] | None:
    """(kind, identifier) of a link target that names a work, else None. ``article`` targets are reported
    as kind ``url``."""
    href = href.strip()
    for kind, pattern in _targets():
        m = pattern.match(href)
        if m:
            ident = m.group(1).rstrip(".,;)")
            return ("url" if kind == "article" else kind), ident
    return None


def link_mentions(text: str, offset: int, links: Sequence[Hyperlink]) -> list[SourceMention]:
    """Mentions for the links whose text lies in ``text`` (which starts at ``offset``): the link text is the
    mention, the target its identifier. Links to anything else than a work give a ``url`` mention only when
    the target is an absolute web address with a path (an organisation's page), which does not cite."""
    out: list[SourceMention] = []
    end = offset + len(text)
    for link in links:
        if link.start < offset or link.end > end:
            continue
        mention = text[link.start - offset:link.end - offset]
        found = classify_target(link.href)
        if found is not None:
            kind, ident = found
            out.append(SourceMention(mention, link.start, link.end, kind, identifier=ident))
    return out


def identifier_mentions(text: str, offset: int) -> list[SourceMention]:
    """PMCIDs and trial registration numbers written in the text."""
    out: list[SourceMention] = []
    for kind, pattern in _text_ids():
        for m in pattern.finditer(text):
            out.append(SourceMention(m.group(0), offset + m.start(), offset + m.end(), kind,
                                     identifier=m.group(1)))
    return out
