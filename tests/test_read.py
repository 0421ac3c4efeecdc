from __future__ import annotations

import codecs

import pytest

from claimx.read import InputError, decode, read_text


def blocks(doc):
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_plain_text_bare_line_headings_are_their_own_blocks():
    doc = read_text("Melatonin and Sleep\nMelatonin may shorten sleep onset. It is sold widely.\nDosing\n"
                    "Most adults take 1 mg.\n", "a.txt")
    assert blocks(doc)[0] == ("heading", "Melatonin and Sleep")
    assert blocks(doc)[2] == ("heading", "Dosing")
    assert blocks(doc)[1][0] == "paragraph"


def test_plain_text_hard_wrapped_lines_are_not_headings():
    doc = read_text("A trial in 300 adults found that melatonin\nshortened sleep onset by nine minutes.\n", "a.txt")
    assert [k for k, _ in blocks(doc)] == ["paragraph"]


def test_plain_text_lists_tables_and_reference_section():
    text = ("Results\n\n- fewer awakenings\n- longer sleep\n\nDose | Effect | Note\n\nReferences\n"
            "1. Smith J. Sleep trial. BMJ. 2020.\n[2] Doe A. Another. JAMA 2019.\n")
    kinds = [k for k, _ in blocks(read_text(text, "a.txt"))]
    assert kinds == ["heading", "list_item", "list_item", "table_row", "heading", "reference", "reference"]


def test_plain_text_offsets_are_original_positions():
    text = "Title line\n\nFirst sentence here. Second one.\n"
    doc = read_text(text, "a.txt")
    start = doc.text.index("Second")
    assert doc.position(start) == (3, 22)


def test_markdown_drops_markup_and_code_keeps_link_text():
    md = ("# Fish oil\n\nFish oil *may* lower [triglycerides](https://example.org/tg) in adults.\n\n"
          "```\ncode = 1\n```\n\n> Quoted claim here.\n\n1. first item\n")
    doc = read_text(md, "a.md", "markdown")
    assert ("heading", "Fish oil") in blocks(doc)
    para = next(t for k, t in blocks(doc) if k == "paragraph")
    assert para == "Fish oil may lower triglycerides in adults."
    assert "code = 1" not in doc.text
    assert ("quote", "Quoted claim here.") in blocks(doc)
    assert ("list_item", "first item") in blocks(doc)


def test_markdown_positions_point_into_the_original():
    md = "# T\n\nSome text with [a link](http://x.y) then triglycerides.\n"
    doc = read_text(md, "a.md", "markdown")
    off = doc.text.index("triglycerides")
    line, col = doc.position(off)
    assert md.splitlines()[line - 1][col - 1:].startswith("triglycerides")


def test_html_drops_script_style_nav_and_decodes_entities():
    html = ("<html><head><title>x</title><style>p{}</style></head><body><nav>Home | About</nav>"
            "<script>var a = 1;</script><h2>Sleep &amp; mood</h2><p>CBT&#8209;I helps&nbsp;many "
            "people&rsquo;s sleep.</p><ul><li>One</li></ul></body></html>")
    doc = read_text(html, "a.html", "html")
    assert ("heading", "Sleep & mood") in blocks(doc)
    assert "var a" not in doc.text and "Home" not in doc.text
    assert "people’s sleep." in doc.text
    assert ("list_item", "One") in blocks(doc)


def test_comments_are_collected_and_removed_from_text():
    for text, fmt in (("A claim.\n<!-- claimx-ignore CX101: ok -->\nNext.\n", "text"),
                      ("A claim.\n\n<!-- claimx-ignore CX101: ok -->\n\nNext.\n", "markdown"),
                      ("<p>A claim.</p><!-- claimx-ignore CX101: ok --><p>Next.</p>", "html")):
        doc = read_text(text, "a", fmt)
        assert [c.text for c in doc.comments] == ["claimx-ignore CX101: ok"]
        assert "claimx-ignore" not in doc.text


def test_decode_accepts_bom_and_rejects_binary_and_bad_utf8():
    assert decode(codecs.BOM_UTF8 + "é".encode()) == "é"
    assert decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le")) == "hi"
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def")
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode(b"caf\xe9 au lait")


def test_html_positions_survive_entities():
    html = "<p>Caf&eacute; owners say &ldquo;coffee&rdquo; lifts mood. Tea &amp; honey soothe sore throats.</p>"
    doc = read_text(html, "a.html", "html")
    for word in ("lifts", "Tea", "soothe"):
        off = doc.text.index(word)
        line, col = doc.position(off)
        assert line == 1 and html[col - 1:].startswith(word)


def test_a_line_ending_with_a_link_ends_its_statement():
    doc = read_text("a study showed zinc helps: https://example.org/zinc\nZinc gave me a rash.\n", "f.txt")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
