"""Attributions to people: quotes attributed before or after ("“...,” said Dr Maria Okafor of Riverside
University Hospital", "Dr Okafor said: “...”"), in the same paragraph and across the quote's sentences, and
reported speech in one sentence ("According to Professor Lee, ...", "Dr Lee said the drug ..."). A person is a
source of kind ``person``: ``canonical`` is the name without the title, ``role`` the title or position and
``affiliation`` the organisation named with them. The forms live in ``models/sources/people.yaml``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from claimx.lexicon import load_yaml
from claimx.records import SourceMention

QUOTES = re.compile(r"“[^“”]{3,}”|\"[^\"\n]{3,}\"")


@dataclass(frozen=True)
class _Forms:
    after: re.Pattern[str]  # attribution right after a closing quote
    inverted: re.Pattern[str]  # “...,” Dr Okafor said.
    before: re.Pattern[str]  # attribution right before an opening quote
    speech: re.Pattern[str]  # reported speech inside a sentence
    according: re.Pattern[str]
    pronoun_after: re.Pattern[str]
    not_names: frozenset[str]
    titles: re.Pattern[str]


@cache
def _forms() -> _Forms:
    d = load_yaml("sources", "people.yaml")
    title = "(?:" + "|".join(d["titles"]) + ")"
    verb = "(?:" + "|".join(sorted(d["verbs"], key=len, reverse=True)) + ")"
    name = d["name"]
    role = d["role"]
    org = r"(?:\s+(?:of|at|from)\s+(?:the\s+)?(?P<org>[A-Z][^,.;“”\"]{2,80}))?"
    person = rf"(?P<title>{title}\s+)?(?P<name>{name})(?P<role>{role})?"
    pron = "|".join(d.get("pronouns", ()))
    return _Forms(
        # whitespace runs are possessive and a comma between two of them is an alternative, not two optional
        # runs side by side: linear time on long runs of spaces, tabs or newlines
        after=re.compile(rf"^\s*+,?\s*+{verb}\s++{person}{org}"),
        inverted=re.compile(rf"^\s*+,?\s*+{person}{org}\s++{verb}\b"),
        before=re.compile(rf"{person}{org}(?:{role})?(?:\s*+,\s++|\s++){verb}(?:\s++that)?\s*+[:,]?\s*+$"),
        speech=re.compile(rf"(?<![\w-]){person}{org}(?:{role})?(?:\s*+,\s++|\s++){verb}\b"),
        according=re.compile(rf"\b[Aa]ccording to\s++{person}{org}"),
        pronoun_after=re.compile(rf"^\s*+,?\s*+(?:(?:{pron})\s++{verb}|{verb}\s++(?:{pron}))\b", re.IGNORECASE),
        not_names=frozenset(d.get("not_names", ())),
        titles=re.compile(rf"^{title}$"),
    )


@dataclass
class Person:
    name: str
    surname: str
    role: str | None
    affiliation: SourceMention | None


@dataclass
class People:
    """The people a document has named so far (by surname), and the last one, for "she said"."""

    by_surname: dict[str, Person] = field(default_factory=dict)
    last: Person | None = None


def _person(m: re.Match[str], text: str, offset: int, people: People,
            orgs_in: Callable[[int, int], list[SourceMention]]) -> tuple[SourceMention, SourceMention | None] | None:
    forms = _forms()
    name = m.group("name").strip()
    words = name.split()
    if not words or words[0] in forms.not_names or words[-1] in forms.not_names:
        return None
    title = (m.group("title") or "").strip()
    role = (m.group("role") or "").strip(" ,") or None
    surname = words[-1]
    known = people.by_surname.get(surname)
    if not title and known is None and len(words) < 2:
        return None  # one capitalised word with no title ("Accidents, who ..."): not surely a person
    if not title and not role and known is None and not m.group("org"):
        return None
    start, end = m.start("name"), m.end("name")
    if title:
        start = m.start("title")
    affiliation = None
    span_end = m.end()
    orgs = orgs_in(offset + m.start(), offset + span_end)
    if orgs:
        affiliation = orgs[0]
    if known is not None and len(words) == 1:
        person = known
        affiliation = affiliation or known.affiliation
        role = role or known.role
    else:
        person = Person(name, surname, title or role, affiliation)
        people.by_surname[surname] = person
    if affiliation is not None and person.affiliation is None:
        person.affiliation = affiliation
    people.last = person
    mention = SourceMention(text[start:end], offset + start, offset + end, "person", person.name,
                            role=(f"{title}, {role}" if title and role else title or role or person.role),
                            affiliation=affiliation.canonical if affiliation else None)
    return mention, affiliation


def attributions(text: str, offset: int, sentences: Sequence[tuple[int, int]], people: People,
                 orgs_in: Callable[[int, int], list[SourceMention]]) -> dict[int, list[SourceMention]]:
    """Person sources of the sentences of one paragraph. ``text`` is the paragraph (starting at ``offset``),
    ``sentences`` the (start, end) document spans of its sentences in order, ``orgs_in(start, end)`` the
    organisation mentions found in a document span. Returns sentence position in ``sentences`` -> mentions."""
    forms = _forms()
    out: dict[int, list[SourceMention]] = {}

    def covering(start: int, end: int) -> list[int]:
        return [k for k, (s, e) in enumerate(sentences) if s < end and start < e]

    def give(ks: list[int], found: tuple[SourceMention, SourceMention | None] | None) -> None:
        if found is None:
            return
        person, org = found
        for k in ks:
            out.setdefault(k, []).append(person)
            if org is not None:
                out[k].append(org)

    quoted = [(q.start(), q.end()) for q in QUOTES.finditer(text)]
    before_paragraph = people.last
    # who is named where in the paragraph, in text order, for "he said" after a quote
    named_at: list[tuple[int, Person]] = []
    # reported speech and "according to" outside quotes
    for pattern in (forms.according, forms.speech):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in quoted):
                continue
            ks = covering(offset + m.start(), offset + m.end())
            if ks and not any(x.kind == "person" for x in out.get(ks[0], ())):
                hit = _person(m, text, offset, people, orgs_in)
                if hit is not None and people.last is not None:
                    named_at.append((m.start(), people.last))
                give(ks[:1], hit)
    found_for: list[tuple[SourceMention, SourceMention | None] | None] = []
    for qs, qe in quoted:
        rest = text[qe:]
        sub = offset + qe
        hit = None
        m = forms.after.match(rest) or forms.inverted.match(rest)
        if m:
            hit = _person(m, rest, sub, people, orgs_in)
        if hit is None:
            head_start = max(text.rfind(". ", 0, qs) + 2, text.rfind("”", 0, qs) + 1, text.rfind('" ', 0, qs) + 1, 0)
            head = text[head_start:qs]
            m = forms.before.search(head)
            if m:
                hit = _person(m, head, offset + head_start, people, orgs_in)
        if hit is not None and people.last is not None:
            named_at.append((qs, people.last))
        if hit is None:
            m = forms.pronoun_after.match(rest)
            earlier = [p for pos, p in sorted(named_at, key=lambda x: x[0]) if pos < qs]
            last = earlier[-1] if earlier else before_paragraph
            if m and last is not None:
                lead = len(m.group(0)) - len(m.group(0).lstrip(" ,"))
                src = SourceMention(m.group(0).strip(" ,"), sub + lead, sub + m.end(), "person", last.name,
                                    role=last.role,
                                    affiliation=last.affiliation.canonical if last.affiliation else None)
                hit = (src, last.affiliation)
        found_for.append(hit)
    # a quote with no attribution of its own is the speaker's of the paragraph's other quotes
    for i, (qs, qe) in enumerate(quoted):
        hit = found_for[i]
        if hit is None:
            before = [h for h in found_for[:i] if h is not None]
            after = [h for h in found_for[i + 1:] if h is not None]
            hit = before[-1] if before else after[0] if after else None
        give(covering(offset + qs, offset + qe), hit)
    if named_at:
        people.last = max(named_at, key=lambda x: x[0])[1]
    return out
