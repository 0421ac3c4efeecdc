"""The HTML report: self-contained, escaped, every claim highlighted; checked in a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT
from typer.testing import CliRunner

import claimx
from claimx.cli import app

runner = CliRunner()
ARTICLE = (
    "Magnesium <script>window.__pwned = 1</script>\n\n"
    "Magnesium supplements improve sleep quality in older adults [1].\n\n"
    "Research suggests that magnesium may reduce anxiety.\n\n"
    "In a later trial, magnesium did not improve sleep quality. <img src=x onerror=\"window.__pwned=2\">\n\n"
    "References\n\n"
    "1. Doe J. Magnesium and sleep. BMJ. 2020. doi:10.1136/bmj.m1234\n"
)
ARTEFACTS = Path(os.environ.get("CLAIMX_TEST_ARTEFACTS", ROOT / "tmp" / "artefacts"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(html)
    return p.tags


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"  # plain text: the markup is the article's text and must show as text
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def report(*paths: Path, tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["check", *map(str, paths), "--isolated", "--format", "html", "-o", str(out)])
    assert res.exit_code in (0, 1), res.stderr
    return out, out.read_text(encoding="utf-8")


def test_report_is_self_contained_and_escaped(article: Path, tmp_path: Path):
    _, html = report(article, tmp_path=tmp_path)
    found = tags(html)
    assert [t for t, _ in found].count("script") == 1  # the report's own, never the article's
    assert not [t for t, a in found if t in ("link", "img", "iframe", "object", "embed") or a.get("src")]
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html and "&lt;img src=x onerror=" in html
    assert not any(k.startswith("on") for _, a in found for k in a)  # no event-handler attributes
    csp = next(a["content"] for t, a in found if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_every_claim_has_one_highlight_with_its_support(article: Path, tmp_path: Path):
    _, html = report(article, tmp_path=tmp_path)
    result = claimx.analyze(article, isolated=True)
    marks = [a for t, a in tags(html) if t == "mark" and "data-claim-id" in a]
    assert sorted(a["data-claim-id"] for a in marks) == sorted(c.id for c in result.claims)
    support = {c.id: c.support for c in result.claims}
    assert all(a["data-support"] == support[a["data-claim-id"]] for a in marks)
    assert {"cited", "vague", "none"} <= set(support.values())
    assert 'href="https://doi.org/10.1136/bmj.m1234"' in html


def test_several_files_give_one_report_with_an_index(article: Path, tmp_path: Path):
    other = tmp_path / "b.txt"
    other.write_text("Zinc lozenges shorten colds.\n")
    _, html = report(article, other, tmp_path=tmp_path)
    index = re.search(r'<nav class="index">(.*?)</nav>', html, re.S)
    assert index and 'href="#d1"' in index.group(1) and 'href="#d2"' in index.group(1)
    assert html.count('<section class="document"') == 2


def test_report_is_deterministic(article: Path, tmp_path: Path):
    a = claimx.analyze(article, isolated=True).render("html")
    assert a == claimx.analyze(article, isolated=True).render("html")


SOURCED = (
    '"Most of our patients slept longer. Melatonin improves sleep onset," said Dr Aiko Tanaka of Northfield '
    "University Hospital.\n\n"
    "The National Institutes of Health funds research on sleep.\n\n"
    "The HARBOUR trial enrolled 800 adults with insomnia. In the trial, melatonin reduced night waking.\n\n"
    "Research suggests that chamomile may reduce anxiety.\n"
)


def _inventory_rows(html: str, doc: str = "d1") -> list[dict[str, str | None]]:
    section = re.search(rf'<section class="document" id="{doc}".*?</section>', html, re.S)
    assert section
    return [a for t, a in tags(section.group(0)) if t == "tr" and a.get("class") == "source"]


def test_source_inventory_is_the_documents_inventory(tmp_path: Path):
    art = tmp_path / "sourced.txt"
    art.write_text(SOURCED, encoding="utf-8")
    _, html = report(art, tmp_path=tmp_path)
    doc = claimx.analyze(art, isolated=True).documents[0]
    rows = _inventory_rows(html)
    # one row per kind and name of documents[].sources, with the union of the claims its mentions support
    expected: dict[tuple[str, str], list[str]] = {}
    for d in doc.sources:
        m = d.mention
        written = " ".join(m.mention.split())
        name = written if m.kind == "vague" else m.canonical or m.identifier or written
        ids = expected.setdefault((m.kind, name), [])
        ids += [c for c in d.claims if c not in ids]
    got = {(a["data-kind"], a["data-canonical"]): (a["data-claims"] or "").split() for a in rows}
    assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in expected.items()}
    # a source outside every claim sentence is listed, supporting no claim
    assert got[("agency", "National Institutes of Health")] == []
    # the person: canonical name without the title, their role and affiliation, the claim they support
    person = next(d.mention for d in doc.sources if d.mention.kind == "person")
    assert person.canonical == "Aiko Tanaka" and person.affiliation
    row = re.search(r'<tr class="source" data-kind="person".*?</tr>', html, re.S).group(0)
    assert ">Aiko Tanaka<" in row and "“Dr Aiko Tanaka”" in row
    assert f"Dr · {person.affiliation}" in row
    quoted = next(c for c in doc.claims if "sleep onset" in c.outcome)
    assert got[("person", "Aiko Tanaka")] == [quoted.id]
    assert f'href="#d1-m-{quoted.id}"' in row
    # in_registry: yes for the registry's agency, no for an organisation found by its form only
    cells = {a["data-canonical"]: re.search(rf'data-canonical="{re.escape(a["data-canonical"])}".*?</tr>', html,
                                               re.S).group(0) for a in rows}
    assert "<td>yes</td>" in cells["National Institutes of Health"]
    org = next(d.mention for d in doc.sources if d.mention.kind == "organization")
    assert org.in_registry is False and "<td>no</td>" in cells[org.canonical]
    # every "supports" link points at a claim highlight that exists
    marks = {a["id"] for t, a in tags(html) if t == "mark"}
    section = re.search(r'<table class="inventory sources">.*?</table>', html, re.S).group(0)
    assert all(h[1:] in marks for h in re.findall(r'href="(#d1-m-c\d+)"', section))
    # vague attributions are listed apart
    assert re.search(r'<table class="inventory vague">.*?data-kind="vague".*?</table>', html, re.S)


def test_claim_details_show_support_via(tmp_path: Path):
    art = tmp_path / "sourced.txt"
    art.write_text(SOURCED, encoding="utf-8")
    _, html = report(art, tmp_path=tmp_path)
    doc = claimx.analyze(art, isolated=True).documents[0]
    via = [c for c in doc.claims if c.support_via]
    assert via, "the trial's later sentence inherits its support"
    for c in doc.claims:
        card = re.search(rf'<div class="card[^"]*" id="d1-card-{c.id}".*?<b>Sources</b>', html, re.S).group(0)
        if c.support_via:
            assert f"<dt>support via</dt><dd>{escape(c.support_via)}</dd>" in card
        else:
            assert "support via" not in card


# ------------------------------------------------------------------------------------------- browser


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    exe = os.environ.get("CLAIMX_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome", "chrome")) if p), None)
    if exe is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set CLAIMX_CHROMIUM)")
    return sync_playwright, exe


@pytest.fixture(scope="module")
def browser():
    sync_playwright, exe = _browser()
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        except Exception as exc:  # a browser that cannot start is an environment problem, not a failure
            pytest.skip(f"Chromium at {exe} does not start: {' '.join(str(exc).split())[:200]}")
        yield b
        b.close()


def test_report_in_headless_chromium(browser, article: Path, tmp_path: Path):
    other = tmp_path / "b.txt"
    other.write_text("Zinc lozenges shorten colds.\n")
    out, _ = report(article, other, tmp_path=tmp_path)
    result = claimx.analyze(article, isolated=True)
    doc = result.documents[0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(out.as_uri())
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # every claim is highlighted on its outcome phrase, in the first document
    for c in doc.claims:
        mark = page.locator(f'#d1 mark.claim[data-claim-id="{c.id}"]')
        assert mark.count() == 1
        s, e = c.outcome_span
        assert mark.inner_text() == doc.document.text[s:e]
    # clicking a highlight shows its details
    cited = next(c for c in doc.claims if c.support == "cited")
    page.click(f'#d1 mark.claim[data-claim-id="{cited.id}"]')
    panel = page.locator("#d1 aside.panel")
    assert panel.get_attribute("data-showing") == cited.id
    assert cited.outcome in panel.inner_text() and "cited" in panel.inner_text()
    # contradiction pairs link both ways
    a, b = doc.contradictions[0].claims
    page.click(f'#d1 mark.claim[data-claim-id="{a}"]')
    page.click(f'#d1 aside.panel a[data-goto="{b}"] >> nth=0')
    assert panel.get_attribute("data-showing") == b
    page.click(f'#d1 aside.panel a[data-goto="{a}"] >> nth=0')
    assert panel.get_attribute("data-showing") == a
    # the index links to each file
    page.click('nav.index a[href="#d2"]')
    assert page.evaluate("location.hash") == "#d2"
    assert page.locator("#d2 h2").inner_text() == str(other)
    assert errors == []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "report-synthetic.png"
    page.goto(out.as_uri())
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


def test_example_article_report_screenshot(browser, tmp_path: Path):
    if not EXAMPLE.is_file():
        pytest.skip("../shared is absent")
    out, _ = report(EXAMPLE, tmp_path=tmp_path)
    result = claimx.analyze(EXAMPLE, isolated=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(out.as_uri())
    assert page.locator("mark.claim[data-claim-id]").count() == len(result.claims)
    bars = {b.get_attribute("data-level"): int(b.get_attribute("data-count") or 0)
            for b in page.locator("svg.chart g.bar").all()}
    assert sum(bars.values()) == len(result.claims)
    first = result.claims[0].id
    page.click(f'mark.claim[data-claim-id="{first}"]')
    assert page.locator("aside.panel").get_attribute("data-showing") == first
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "report-example.png"))
    page.close()


def test_inventory_links_show_the_claim_in_headless_chromium(browser, tmp_path: Path):
    art = tmp_path / "sourced.txt"
    art.write_text(SOURCED, encoding="utf-8")
    out, _ = report(art, tmp_path=tmp_path)
    doc = claimx.analyze(art, isolated=True).documents[0]
    person = next(d for d in doc.sources if d.mention.kind == "person")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(out.as_uri())
    row = page.locator('#d1 table.inventory tr.source[data-kind="person"]')
    assert row.count() == 1 and person.mention.canonical in row.inner_text()
    claim_id = person.claims[0]
    row.locator(f'a[data-goto="{claim_id}"]').click()
    panel = page.locator("#d1 aside.panel")
    assert panel.get_attribute("data-showing") == claim_id
    assert "person" in panel.inner_text() and person.mention.affiliation in panel.inner_text()
    assert page.locator(f'#d1 mark.claim.active[data-claim-id="{claim_id}"]').count() == 1
    via = next(c for c in doc.claims if c.support_via)
    page.click(f'#d1 mark.claim[data-claim-id="{via.id}"]')
    assert via.support_via in panel.inner_text()
    assert errors == []
    page.close()
