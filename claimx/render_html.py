"""HTML report: one self-contained page (inline CSS and JavaScript, nothing fetched) per run.

Each document is shown as the reader saw it (its extracted text, block by block) with every claim
highlighted by its support level: the claim's sentence is tinted by the weakest support among its claims and
each claim's outcome phrase is a ``<mark data-claim-id="c4">``. Clicking (or Enter on) a highlight shows the
claim's details beside the text: intervention → outcome, direction, hedge, strength, evidence, sources with
canonical names and links, statistics and findings with their rule documentation; contradicting claims link
to each other. Below the text: an inline SVG chart of support levels, the document's source inventory (every
source it names, claim sentence or not, with the claims each supports) and every claim as a card (readable
without JavaScript and in print). Several files give one page with an index.

Everything taken from the article is escaped; a Content-Security-Policy allows only the report's own script
(by hash), so even a mistake in escaping could not run an article's ``<script>``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from claimx import __version__
from claimx.check import claim_label
from claimx.records import DIRECTION_ARROWS, Claim, DocumentResult, Finding, SourceMention
from claimx.render import source_name
from claimx.rules import SEVERITY_RANK, get_rule

SUPPORT_LEVELS: tuple[str, ...] = ("cited", "named", "vague", "none")
SUPPORT_RANK = {"cited": 0, "named": 1, "vague": 2, "none": 3}
SUPPORT_COLORS = {"cited": "#2e7d32", "named": "#b7791f", "vague": "#dd6b20", "none": "#c53030"}
SUPPORT_WORDS = {"cited": "cites a specific work", "named": "names a source, no specific work",
                 "vague": "vague attribution only", "none": "no source at all"}
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)

CSS = """
:root{--cited:#2e7d32;--named:#b7791f;--vague:#dd6b20;--none:#c53030;--ink:#1a202c;--muted:#5a6473;
--line:#e2e8f0;--bg:#fff;--panel:#f7fafc}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:var(--bg)}
header.top{padding:16px 24px;border-bottom:1px solid var(--line)}
header.top h1{margin:0;font-size:20px}
header.top p{margin:4px 0 0;color:var(--muted)}
nav.index{padding:8px 24px;border-bottom:1px solid var(--line)}
nav.index table{border-collapse:collapse}
nav.index td,nav.index th{padding:2px 12px 2px 0;text-align:left}
section.document{padding:16px 24px 40px;border-bottom:4px solid var(--line)}
section.document>h2{margin:0 0 8px;font-size:18px;word-break:break-all}
.overview{display:flex;flex-wrap:wrap;gap:24px;align-items:center;margin-bottom:12px}
.overview .counts{color:var(--muted)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:24px;align-items:start}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
article.text{max-width:46em}
article.text h3{font-size:17px;margin:18px 0 6px}
article.text p,article.text li,article.text blockquote{margin:0 0 10px}
article.text .ref{font-size:14px;color:var(--muted)}
.sent{border-radius:3px;padding:1px 0}
.sent.s-cited{background:#e6f4ea}.sent.s-named{background:#fdf3d7}.sent.s-vague{background:#fde8d7}
.sent.s-none{background:#fbe1e1}
mark.claim{background:transparent;color:inherit;border-bottom:3px solid;cursor:pointer;padding:0 1px}
mark.claim.s-cited{border-color:var(--cited)}mark.claim.s-named{border-color:var(--named)}
mark.claim.s-vague{border-color:var(--vague)}mark.claim.s-none{border-color:var(--none)}
mark.claim.badge{font-size:12px;vertical-align:super;border:1px solid;border-radius:3px;margin-left:2px}
mark.claim:focus,mark.claim.active{outline:2px solid #3182ce;outline-offset:1px}
aside.panel{position:sticky;top:12px;background:var(--panel);border:1px solid var(--line);border-radius:6px;
padding:12px 14px;font-size:14px;max-height:calc(100vh - 24px);overflow:auto}
aside.panel .hint{color:var(--muted)}
.card{border:1px solid var(--line);border-left:5px solid;border-radius:4px;padding:8px 12px;margin:0 0 10px;
font-size:14px;background:#fff}
.card.s-cited{border-left-color:var(--cited)}.card.s-named{border-left-color:var(--named)}
.card.s-vague{border-left-color:var(--vague)}.card.s-none{border-left-color:var(--none)}
.card h4,aside.panel h4{margin:0 0 4px;font-size:15px}
.card dl,aside.panel dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0}
.card dt,aside.panel dt{color:var(--muted)}.card dd,aside.panel dd{margin:0}
.card .quote,aside.panel .quote{color:var(--muted);font-style:italic}
.finding{margin:4px 0}.finding .sev{font-weight:600}
.sev-error{color:#c53030}.sev-warning{color:#b7791f}.sev-info{color:#2b6cb0}
details.rule{margin:2px 0 6px 12px;color:var(--muted)}
table.inventory{border-collapse:collapse;font-size:14px;margin:6px 0 16px}
table.inventory th,table.inventory td{border-bottom:1px solid var(--line);padding:3px 10px 3px 0;
text-align:left;vertical-align:top}
.pill{display:inline-block;padding:0 6px;border-radius:9px;color:#fff;font-size:12px}
.pill.s-cited{background:var(--cited)}.pill.s-named{background:var(--named)}.pill.s-vague{background:var(--vague)}
.pill.s-none{background:var(--none)}
.error{color:#c53030;font-weight:600}
h3.part{font-size:16px;margin:24px 0 6px}
"""

SCRIPT = """
(function(){
function show(doc,id,scroll){
  var card=doc.querySelector('.card[data-card="'+id+'"]');
  var panel=doc.querySelector('aside.panel');
  if(!card||!panel)return;
  panel.innerHTML=card.innerHTML;
  panel.setAttribute('data-showing',id);
  doc.querySelectorAll('mark.claim.active').forEach(function(m){m.classList.remove('active');});
  var mark=doc.querySelector('mark.claim[data-claim-id="'+id+'"]');
  if(mark){mark.classList.add('active');if(scroll)mark.scrollIntoView({block:'center'});}
}
document.addEventListener('click',function(e){
  var go=e.target.closest('a[data-goto]');
  if(go){var d=go.closest('section.document');if(d){e.preventDefault();show(d,go.getAttribute('data-goto'),true);
    history.replaceState(null,'','#'+go.getAttribute('href').slice(1));}return;}
  var m=e.target.closest('mark.claim[data-claim-id]');
  if(m){show(m.closest('section.document'),m.getAttribute('data-claim-id'),false);}
});
document.addEventListener('keydown',function(e){
  if(e.key!=='Enter'&&e.key!==' ')return;
  var m=e.target.closest&&e.target.closest('mark.claim[data-claim-id]');
  if(m){e.preventDefault();show(m.closest('section.document'),m.getAttribute('data-claim-id'),false);}
});
})();
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _slug(n: int) -> str:
    return f"d{n}"


_REGISTRIES = (("NCT", "https://clinicaltrials.gov/study/"), ("ISRCTN", "https://www.isrctn.com/"))


def source_url(m: SourceMention) -> str | None:
    """A link for a source: DOI, PubMed, PMC and trial-registry resolvers, a ROR id, or the URL itself
    (http/https only)."""
    ident = m.identifier or ""
    if m.kind == "doi" and ident:
        return "https://doi.org/" + quote(ident, safe="/:;()._-")
    if m.kind == "pmid" and ident:
        return "https://pubmed.ncbi.nlm.nih.gov/" + quote(ident, safe="") + "/"
    if m.kind == "pmcid" and ident:
        return "https://pmc.ncbi.nlm.nih.gov/articles/" + quote(ident, safe="") + "/"
    if m.kind == "registration" and ident:
        return next((base + quote(ident, safe="") for prefix, base in _REGISTRIES
                     if ident.upper().startswith(prefix)), None)
    if m.kind == "url":
        return next((u for u in (ident, m.mention) if _SAFE_URL.match(u)), None)
    if ident.startswith("https://ror.org/"):
        return ident if _SAFE_URL.match(ident) else None
    return None


def _link(url: str | None, text: str) -> str:
    if not url:
        return _e(text)
    return f'<a href="{_e(url)}" rel="noopener noreferrer" target="_blank">{_e(text)}</a>'


def weakest(claims: Iterable[Claim]) -> str:
    return max((c.support for c in claims), key=lambda s: SUPPORT_RANK[s], default="cited")


# ---------------------------------------------------------------------------------------------- chart


def support_chart(counts: Counter[str], width: int = 320) -> str:
    """An inline SVG bar chart of claims per support level."""
    total = max(1, max(counts.values(), default=0))
    bar_h, gap, label_w = 18, 6, 64
    rows = []
    for i, level in enumerate(SUPPORT_LEVELS):
        n = counts.get(level, 0)
        y = i * (bar_h + gap)
        w = round((width - label_w - 40) * n / total)
        rows.append(
            f'<g class="bar" data-level="{level}" data-count="{n}"><title>{n} {level}: {SUPPORT_WORDS[level]}'
            f'</title><text x="0" y="{y + 13}" font-size="13">{level}</text>'
            f'<rect x="{label_w}" y="{y}" width="{max(w, 1 if n else 0)}" height="{bar_h}" rx="3" '
            f'fill="{SUPPORT_COLORS[level]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 13}" font-size="13">{n}</text></g>'
        )
    height = len(SUPPORT_LEVELS) * (bar_h + gap)
    return (f'<svg class="chart" role="img" aria-label="claims by support level" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(rows) + "</svg>")


# ------------------------------------------------------------------------------------------ the article


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    claims: tuple[Claim, ...]


def _groups(claims: Sequence[Claim]) -> list[_Group]:
    """Claims grouped by sentence span; a span overlapping the previous one joins it."""
    out: list[_Group] = []
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        if out and c.start < out[-1].end:
            last = out[-1]
            out[-1] = _Group(last.start, max(last.end, c.end), (*last.claims, c))
        else:
            out.append(_Group(c.start, c.end, (c,)))
    return out


def _title(c: Claim, findings: Sequence[Finding]) -> str:
    codes = " ".join(dict.fromkeys(f.code for f in findings))
    return f"{c.id}: {claim_label(c)} · {c.support}" + (f" · {codes}" if codes else "")


def _sentence_html(text: str, group: _Group, slug: str, by_claim: dict[str, list[Finding]]) -> str:
    """One sentence with its claims' outcome phrases marked (a claim whose phrase is missing or overlaps
    another's gets a small badge at the end of the sentence)."""
    marks: list[tuple[int, int, Claim]] = []
    badges: list[Claim] = []
    for c in sorted(group.claims, key=lambda c: (c.outcome_span[0], c.outcome_span[1])):
        s, e = c.outcome_span
        if group.start <= s < e <= group.end and (not marks or s >= marks[-1][1]):
            marks.append((s, e, c))
        else:
            badges.append(c)
    parts: list[str] = []
    pos = group.start
    for s, e, c in marks:
        parts.append(_e(text[pos:s]))
        parts.append(_mark(c, slug, by_claim, _e(text[s:e])))
        pos = e
    parts.append(_e(text[pos:group.end]))
    parts += [_mark(c, slug, by_claim, _e(c.id), badge=True) for c in badges]
    level = weakest(group.claims)
    return f'<span class="sent s-{level}">' + "".join(parts) + "</span>"


def _mark(c: Claim, slug: str, by_claim: dict[str, list[Finding]], inner: str, badge: bool = False) -> str:
    cls = f"claim s-{c.support}" + (" badge" if badge else "")
    return (f'<mark class="{cls}" id="{slug}-m-{_e(c.id)}" data-claim-id="{_e(c.id)}" '
            f'data-support="{c.support}" tabindex="0" title="{_e(_title(c, by_claim.get(c.id, [])))}">'
            f"{inner}</mark>")


def article_html(r: DocumentResult, slug: str, by_claim: dict[str, list[Finding]]) -> str:
    doc = r.document
    if doc is None:
        return ""
    text = doc.text
    groups = _groups(r.claims)
    gi = 0
    out: list[str] = []
    in_list = False
    for block in doc.blocks:
        parts: list[str] = []
        pos = block.start
        while gi < len(groups) and groups[gi].start < block.end:
            g = groups[gi]
            if g.start < pos:  # a claim sentence that started in an earlier block (should not happen)
                gi += 1
                continue
            parts.append(_e(text[pos:g.start]))
            g_end = min(g.end, block.end)
            parts.append(_sentence_html(text, _Group(g.start, g_end, g.claims), slug, by_claim))
            pos = g_end
            gi += 1
        parts.append(_e(text[pos:block.end]))
        body = "".join(parts)
        if block.kind == "list_item" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.kind != "list_item" and in_list:
            out.append("</ul>")
            in_list = False
        tag = {"heading": "h3", "list_item": "li", "quote": "blockquote"}.get(block.kind, "p")
        cls = ' class="ref"' if block.kind == "reference" else ""
        out.append(f"<{tag}{cls}>{body}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


# -------------------------------------------------------------------------------------------- details


def _goto(slug: str, claim_id: str, text: str | None = None) -> str:
    """A link to a claim's highlight (works without JavaScript; with it, also shows the claim's details)."""
    return f'<a href="#{slug}-m-{_e(claim_id)}" data-goto="{_e(claim_id)}">{_e(text or claim_id)}</a>'


def _source_line(m: SourceMention) -> str:
    name = source_name(m)
    bits = [f"<b>{_e(m.kind)}</b>: {_link(source_url(m), name)}"]
    if " ".join(m.mention.split()) != name:
        bits.append(f'<span class="quote">“{_e(m.mention)}”</span>')
    if who := _who(m):
        bits.append(f"({who})")
    if m.in_registry is False:
        bits.append('<span class="quote">not in the registry</span>')
    if m.identifier and m.identifier != name and m.kind not in ("doi", "pmid", "pmcid", "url"):
        bits.append(f"<code>{_e(m.identifier)}</code>")
    if m.reference:
        bits.append(f'<div class="quote">{_e(m.reference)}</div>')
    return "<li>" + " ".join(bits) + "</li>"


def _finding_html(f: Finding, slug: str) -> str:
    rule = get_rule(f.code)
    related = "".join(" " + _goto(slug, x, f"↔ {x}") for x in f.related)
    return (f'<div class="finding"><b>{_e(f.code)}</b> <span class="sev sev-{_e(f.severity)}">{_e(f.severity)}'
            f"</span> {_e(f.short or f.message)}{related}"
            f'<details class="rule"><summary>{_e(rule.name)}: what to do</summary>'
            f"<p>{_e(' '.join(rule.what.split()))}</p><p><b>Why:</b> {_e(' '.join(rule.why.split()))}</p>"
            f"<p><b>Instead:</b> {_e(' '.join(rule.instead.split()))}</p>"
            f'<p><a href="#rule-{_e(f.code)}">{_e(f.code)} in the rule list</a></p></details></div>')


def claim_card(r: DocumentResult, c: Claim, slug: str, findings: Sequence[Finding]) -> str:
    doc = r.document
    line = doc.position(c.start)[0] if doc else 0
    hedge = "yes" if c.hedged else "no"
    if c.hedge_cues:
        hedge += " (" + ", ".join(f"“{_e(q.text)}”" for q in c.hedge_cues) + ")"
    inherited = {"previous_sentence": " (from the previous sentence)", "article": " (from the article)"}.get(
        c.intervention_source, "")
    rows = [
        ("direction", f"{_e(c.direction.replace('_', ' '))} {_e(DIRECTION_ARROWS[c.direction])}"),
        ("hedged", hedge),
        ("negated", "yes" if c.negated else "no"),
        ("strength", _e(c.strength.replace("_", " "))),
        ("evidence", _e(c.evidence.replace("_", " "))),
        ("support", f'<span class="pill s-{c.support}">{_e(c.support)}</span> {_e(SUPPORT_WORDS[c.support])}'),
    ]
    if c.support_via:
        rows.append(("support via", _e(c.support_via)))
    if c.statistics:
        rows.append(("statistics", "; ".join(_e(s.text or s.name) for s in c.statistics)))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    sources = ("<ul>" + "".join(_source_line(m) for m in c.sources) + "</ul>") if c.sources else \
        "<p>No source is given.</p>"
    found = "".join(_finding_html(f, slug) for f in findings) or "<p>No findings.</p>"
    contradicts = sorted({x for f in findings if f.code == "CX201" for x in f.related})
    against = ", ".join(_goto(slug, x) for x in contradicts)
    name = f"{c.intervention}{inherited}" if c.intervention else "(unnamed)"
    return (
        f'<div class="card s-{c.support}" id="{slug}-card-{_e(c.id)}" data-card="{_e(c.id)}">'
        f"<h4>{_e(c.id)} · line {line}: {_e(name)} → {_e(c.outcome)}</h4>"
        f'<div class="quote">{_e(" ".join(c.sentence.split()))}</div>'
        f"<dl>{dl}</dl><b>Sources</b>{sources}<b>Findings</b>{found}"
        + (f"<p>Contradicts: {against}</p>" if contradicts else "")
        + "</div>"
    )


@dataclass
class _Entry:
    """One source of the inventory: its mentions (same kind and name) and the claims they support."""

    first: SourceMention
    written: list[str]
    lines: list[int]
    claims: list[str]


def _inventory_key(m: SourceMention) -> tuple[str, str]:
    if m.kind == "vague":
        return m.kind, " ".join(m.mention.lower().split())
    return m.kind, m.canonical or m.identifier or " ".join(m.mention.lower().split())


def inventory_entries(r: DocumentResult) -> list[_Entry]:
    """The document's sources (``DocumentResult.sources``, JSON ``documents[].sources``) merged by kind and
    canonical name, in order of first mention; each keeps its wordings, lines and supported claims."""
    doc = r.document
    entries: dict[tuple[str, str], _Entry] = {}
    for d in r.sources:
        m = d.mention
        key = _inventory_key(m)
        e = entries.get(key)
        if e is None:
            e = entries[key] = _Entry(m, [], [], [])
        elif (m.role or m.affiliation) and not (e.first.role or e.first.affiliation):
            e.first = m  # a later mention that says who the person is describes them better
        written = " ".join(m.mention.split())
        if written not in e.written:
            e.written.append(written)
        line = doc.position(m.start)[0] if doc else 0
        if line not in e.lines:
            e.lines.append(line)
        e.claims += [c for c in d.claims if c not in e.claims]
    return list(entries.values())


def _who(m: SourceMention) -> str:
    """A person's role and affiliation (``Dr · Riverside University Hospital``)."""
    return " · ".join(_e(x) for x in (m.role, m.affiliation) if x)


def _registry_cell(m: SourceMention) -> str:
    return {True: "yes", False: "no"}.get(m.in_registry, "–")  # type: ignore[arg-type]


def _inventory_row(e: _Entry, slug: str, vague: bool = False) -> str:
    m = e.first
    name = source_name(m)
    written = [w for w in e.written if w != name]
    links = ", ".join(_goto(slug, i) for i in e.claims[:12])
    if len(e.claims) > 12:
        links += f" … (+{len(e.claims) - 12})"
    identifier = m.identifier if m.identifier and m.identifier != name and not m.identifier.startswith("http") \
        else ""
    supports = links or '<span class="quote">no claim</span>'
    if vague:  # no kind, registry, person or identifier to show
        return (f'<tr class="source" data-kind="{_e(m.kind)}" data-canonical="{_e(name)}" '
                f'data-claims="{_e(" ".join(e.claims))}"><td>{_e(name)}</td>'
                f'<td class="quote">{"; ".join("“" + _e(w) + "”" for w in written)}</td>'
                f"<td>{', '.join(map(str, e.lines))}</td><td>{supports}</td></tr>")
    return (f'<tr class="source" data-kind="{_e(m.kind)}" data-canonical="{_e(name)}" '
            f'data-claims="{_e(" ".join(e.claims))}">'
            f"<td>{_e(m.kind)}</td><td>{_link(source_url(m), name)}</td>"
            f'<td class="quote">{"; ".join("“" + _e(w) + "”" for w in written)}</td>'
            f"<td>{_registry_cell(m)}</td><td>{_who(m)}</td><td>{_e(identifier)}</td>"
            f"<td>{', '.join(map(str, e.lines))}</td>"
            f"<td>{supports}</td></tr>")


_INVENTORY_HEAD = ("<tr><th>kind</th><th>source</th><th>as written</th><th>in registry</th>"
                   "<th>role · affiliation</th><th>identifier</th><th>line</th><th>supports</th></tr>")


def source_inventory(r: DocumentResult, slug: str) -> str:
    """The document's source inventory: every source it names (claim sentence or not; the same data as JSON
    ``documents[].sources``) with the claims each supports, vague attributions apart, then the reference list."""
    entries = inventory_entries(r)
    named = [e for e in entries if e.first.kind != "vague"]
    vague = sorted((e for e in entries if e.first.kind == "vague"), key=lambda e: -len(e.claims))
    idle = sum(1 for e in named if not e.claims)
    parts = []
    if entries:
        parts.append(f'<p class="counts">{len(named)} named source{"" if len(named) == 1 else "s"}'
                     f"{f', {idle} of them supporting no claim' if idle else ''}; {len(vague)} vague "
                     f"attribution{'' if len(vague) == 1 else 's'}.</p>")
    if named:
        parts.append('<table class="inventory sources">' + _INVENTORY_HEAD
                     + "".join(_inventory_row(e, slug) for e in named) + "</table>")
    if vague:
        parts.append('<h4>Vague attributions</h4><table class="inventory vague"><tr><th>wording</th>'
                     "<th>also written</th><th>line</th><th>supports</th></tr>"
                     + "".join(_inventory_row(e, slug, vague=True) for e in vague) + "</table>")
    if not entries:
        parts.append("<p>The article names no sources.</p>")
    if r.references:
        items = []
        for ref in r.references:
            url = ("https://doi.org/" + quote(ref.doi, safe="/:;()._-")) if ref.doi else \
                (ref.url if ref.url and _SAFE_URL.match(ref.url) else None)
            items.append(f"<li>[{_e(ref.key)}] {_e(ref.text)}" + (f" {_link(url, 'link')}" if url else "") + "</li>")
        parts.append("<h4>Reference list</h4><ol class=\"references\">" + "".join(items) + "</ol>")
    return "".join(parts)


def _rules_section(findings: Sequence[Finding]) -> str:
    codes = sorted({f.code for f in findings})
    if not codes:
        return ""
    items = []
    for code in codes:
        rule = get_rule(code)
        items.append(f'<div class="card" id="rule-{_e(code)}"><h4>{_e(code)} {_e(rule.name)} '
                     f"({_e(rule.severity)})</h4><p>{_e(' '.join(rule.what.split()))}</p>"
                     f"<p><b>Why it matters:</b> {_e(' '.join(rule.why.split()))}</p>"
                     f"<p><b>Instead:</b> {_e(' '.join(rule.instead.split()))}</p></div>")
    return '<section class="rules"><h3 class="part">Rules</h3>' + "".join(items) + "</section>"


def _severity_text(findings: Sequence[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    words = {"error": "errors", "warning": "warnings", "info": "info"}
    return ", ".join(f"{counts[s]} {s if counts[s] == 1 and s != 'info' else words[s]}"
                     for s in sorted(words, key=lambda s: -SEVERITY_RANK[s]))


def document_html(r: DocumentResult, n: int) -> str:
    slug = _slug(n)
    if r.error is not None:
        return (f'<section class="document" id="{slug}" data-path="{_e(r.path)}"><h2>{_e(r.path)}</h2>'
                f'<p class="error">Could not be checked: {_e(r.error)}</p></section>')
    by_claim: dict[str, list[Finding]] = {}
    for f in r.findings:
        if f.claim_id:
            by_claim.setdefault(f.claim_id, []).append(f)
    support = Counter(c.support for c in r.claims)
    other = [f for f in r.findings if f.claim_id is None]
    cards = "".join(claim_card(r, c, slug, by_claim.get(c.id, [])) for c in r.claims)
    pairs = "".join(f"<li>{_goto(slug, x.claims[0])} ↔ {_goto(slug, x.claims[1])}: {_e(x.reason)}</li>"
                    for x in r.contradictions)
    others = "".join(f"<li>line {f.line}: <b>{_e(f.code)}</b> {_e(f.severity)} {_e(f.message)}</li>"
                     for f in other)
    return (
        f'<section class="document" id="{slug}" data-path="{_e(r.path)}"><h2>{_e(r.path)}</h2>'
        f'<div class="overview">{support_chart(support)}<div class="counts">{len(r.claims)} claim'
        f"{'' if len(r.claims) == 1 else 's'}, {len(by_claim)} with findings<br>{_severity_text(r.findings)}"
        f"<br>Click a highlighted phrase for its details.</div></div>"
        f'<div class="layout"><article class="text">{article_html(r, slug, by_claim)}</article>'
        f'<aside class="panel" aria-live="polite"><p class="hint">Select a highlighted claim to see its '
        f"intervention, outcome, direction, hedges, evidence, sources and findings.</p></aside></div>"
        + (f'<h3 class="part">Contradictions</h3><ul class="contradictions">{pairs}</ul>' if pairs else "")
        + (f'<h3 class="part">Other findings</h3><ul>{others}</ul>' if others else "")
        + f'<h3 class="part">Sources</h3>{source_inventory(r, slug)}'
        + f'<h3 class="part">Claims</h3><div class="claims">{cards}</div>'
        + "</section>"
    )


def _index(results: Sequence[DocumentResult]) -> str:
    rows = []
    for n, r in enumerate(results, 1):
        if r.error is not None:
            rows.append(f'<tr><td><a href="#{_slug(n)}">{_e(r.path)}</a></td><td colspan="3" class="error">'
                        f"{_e(r.error)}</td></tr>")
            continue
        support = Counter(c.support for c in r.claims)
        rows.append(f'<tr><td><a href="#{_slug(n)}">{_e(r.path)}</a></td><td>{len(r.claims)} claims</td>'
                    f"<td>{_severity_text(r.findings)}</td><td>"
                    + " ".join(f'<span class="pill s-{s}">{support.get(s, 0)} {s}</span>' for s in SUPPORT_LEVELS)
                    + "</td></tr>")
    return ('<nav class="index"><table><tr><th>file</th><th>claims</th><th>findings</th><th>support</th></tr>'
            + "".join(rows) + "</table></nav>")


def render_html(results: Sequence[DocumentResult]) -> str:
    """The whole report as one HTML page (deterministic: same results, same bytes)."""
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'; "
           "base-uri 'none'; form-action 'none'")
    findings = [f for r in results for f in r.findings]
    n_claims = sum(len(r.claims) for r in results)
    title = results[0].path if len(results) == 1 else f"{len(results)} files"
    body = "".join(document_html(r, n) for n, r in enumerate(results, 1))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="claimx {_e(__version__)}">'
        f"<title>claimx report: {_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><h1>claimx report: {_e(title)}</h1><p>{n_claims} claims in {len(results)} '
        f"file{'' if len(results) == 1 else 's'}; {_severity_text(findings)}. Highlights: "
        + " ".join(f'<span class="pill s-{s}">{s}</span> {_e(SUPPORT_WORDS[s])}' for s in SUPPORT_LEVELS)
        + "</p></header>"
        + (_index(results) if len(results) > 1 else "")
        + body + _rules_section(findings)
        + f"<script>{SCRIPT}</script></body></html>\n"
    )
