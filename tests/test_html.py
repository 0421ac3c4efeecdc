"""The HTML report: self-contained, escaped, every claim highlighted; checked in a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
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
