"""Organisations found by the form of their name ("University of X", "X Hospital", "the European Society of
Cardiology", "Ministry of X", "X Foundation") and agency acronyms in context ("the NHS website"). The registry
still decides the canonical name and kind of those it knows; the others are reported as kind
``organization`` with their normalised name and ``in_registry`` false. The forms live in
``models/sources/organizations.yaml``."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cache

from claimx.lexicon import load_yaml
from claimx.records import SourceMention
from claimx.registry import Registry

ORG_KINDS = frozenset({"agency", "organization", "publisher", "journal"})
LONG_FORM_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")


@dataclass(frozen=True)
class _Forms:
    forms: re.Pattern[str]
    not_first: frozenset[str]
    acronym: re.Pattern[str]
    before: tuple[str, ...]
    after: frozenset[str]
    not_acronyms: frozenset[str]


@cache
def _forms() -> _Forms:
    data = load_yaml("sources", "organizations.yaml")
    cap = data["cap"]
    caps = f"{cap}(?: {cap}){{0,3}}"
    forms = "|".join(f"(?:{f.replace('{caps}', caps).replace('{cap}', cap)})" for f in data["forms"])
    acr = data["acronym"]
    return _Forms(re.compile(rf"(?<![\w'’-])(?:{forms})(?![\w'’-])"), frozenset(data.get("not_first", ())),
                  re.compile(acr["pattern"]), tuple(sorted((w.lower() for w in acr.get("before", ())), key=len,
                                                           reverse=True)),
                  frozenset(w.lower() for w in acr.get("after", ())), frozenset(acr.get("not", ())))


def normalise_name(name: str) -> str:
    """The name as written, without a leading "the", a possessive or extra spaces."""
    name = " ".join(name.split())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"['’]s$", "", name)


def _trim(text: str, start: int, end: int, not_first: frozenset[str]) -> tuple[int, int]:
    """Drop sentence-opening words ("The", "Researchers") from the front of a match."""
    while start < end:
        m = re.match(r"\S+\s+", text[start:end])
        if not m or m.group(0).strip() not in not_first:
            break
        start += m.end()
    return start, end


_LINKED: weakref.WeakKeyDictionary[Registry, dict[str, tuple[str, str, float, str | None] | None]] = (
    weakref.WeakKeyDictionary())


def _link(registry: Registry, name: str) -> tuple[str, str, float, str | None] | None:
    """The registry entry of a name found by form: an exact (normalised) registry name or alias covering the
    whole name. No fuzzy matching here: it would cost a scan of the whole registry per new name, and a name
    found by its form is reported under its own name when the registry does not know it."""
    cache = _LINKED.setdefault(registry, {})
    if name not in cache:
        hits = [link for s, e, link in registry.find(name) if s == 0 and e == len(name)]
        if not hits and " " not in name:  # an acronym: the registry links those only when asked for a kind
            link = registry.link(name, ("agency", "organization"))
            hits = [link] if link is not None and link.score == 100.0 else []
        link = next((h for h in hits if h.kind in ORG_KINDS), None)
        cache[name] = None if link is None else (link.canonical, link.kind, link.score, link.identifier)
    return cache[name]


def organization_mentions(text: str, offset: int, registry: Registry,
                          acronyms: dict[str, str] | None = None) -> list[SourceMention]:
    """Organisations in one sentence (``text`` starts at ``offset`` of the document). ``acronyms`` maps the
    acronyms the document has defined so far ("European Society of Cardiology (ESC)") to their long form; it is
    updated with the definitions found here."""
    forms = _forms()
    out: list[SourceMention] = []
    acronyms = acronyms if acronyms is not None else {}
    for m in forms.forms.finditer(text):
        s, e = _trim(text, m.start(), m.end(), forms.not_first)
        name = text[s:e]
        if len(name.split()) < 2:
            continue
        linked = _link(registry, name)
        if linked is not None:
            canonical, kind, score, ident = linked
            out.append(SourceMention(name, offset + s, offset + e, kind, canonical, score, ident, in_registry=True))
        else:
            out.append(SourceMention(name, offset + s, offset + e, "organization", normalise_name(name), None,
                                     in_registry=False))
        d = LONG_FORM_ACRONYM.match(text, e + 1) if text[e:e + 2] == " (" else None
        if d:
            acronyms[d.group(1)] = out[-1].canonical or name
    taken = [(x.start - offset, x.end - offset) for x in out]
    low = text.lower()
    for m in forms.acronym.finditer(text):
        word = m.group(1)
        if word in forms.not_acronyms or any(s <= m.start() < e for s, e in taken):
            continue
        before = low[:m.start()].rstrip()
        after = low[m.end():].lstrip().split(" ", 1)[0].strip(".,;:")
        in_context = word in acronyms or after in forms.after or any(
            before.endswith(b) and (len(before) == len(b) or not before[-len(b) - 1].isalnum())
            for b in forms.before)
        if not in_context or (m.start() > 0 and text[m.start() - 1] == "("):
            continue
        linked = _link(registry, word)
        if linked is not None:
            canonical, kind, score, ident = linked
            out.append(SourceMention(word, offset + m.start(), offset + m.end(), kind, canonical, score, ident,
                                     in_registry=True))
        elif word in acronyms:
            out.append(SourceMention(word, offset + m.start(), offset + m.end(), "organization", acronyms[word],
                                     in_registry=False))
        elif after in forms.after or before.endswith("according to the"):
            out.append(SourceMention(word, offset + m.start(), offset + m.end(), "organization", word,
                                     in_registry=False))
    return out
