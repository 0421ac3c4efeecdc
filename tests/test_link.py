"""Link stage: citation markers, identifiers, registry names, vague attributions, reference lists, support."""

from __future__ import annotations

from claimx.link import Linker, parse_references, support_of
from claimx.read import read_text
from claimx.records import SourceMention
from claimx.registry import default_registry

NEWS = """Zinc and colds

Zinc lozenges shortened colds by two days [1]. A later review disagreed [2,3].
Another trial found the same (Okafor & Lindqvist, 2019). See also Chen et al. (2021).
An unknown marker [9] appears here.

References
1. Hemsworth A, Lee B. Zinc lozenges and the common cold. BMJ. 2018. doi:10.5555/bmj.2018.1
2. Park C. Review of zinc. JAMA. 2020.
3. Diaz D. Another review. The Lancet. 2020.
4. Okafor N, Lindqvist P (2019). A zinc trial. Nutrients.
5. Chen L, Wu M, Tan S (2021). Colds in children. Pediatrics.
"""


def linker_for(text: str) -> tuple[Linker, object]:
    doc = read_text(text, "n.txt")
    return Linker(default_registry(), parse_references(doc)), doc


def kinds(mentions):
    return [(m.kind, m.mention) for m in mentions]


def test_reference_list_is_parsed():
    _, doc = linker_for(NEWS)
    refs = parse_references(doc)
    assert [r.key for r in refs] == ["1", "2", "3", "4", "5"]
    assert refs[0].doi == "10.5555/bmj.2018.1" and refs[0].year == "2018"
    assert refs[3].authors[0] == "Okafor"


def test_numeric_markers_resolve_and_ranges_expand():
    linker, _ = linker_for(NEWS)
    ms = linker.mentions("A later review disagreed [2,3].")
    assert [m.identifier for m in ms if m.kind == "citation"] == ["2", "3"]
    assert all(m.reference for m in ms if m.kind == "citation")
    assert support_of(ms) == "cited"
    ms = linker.mentions("An unknown marker [9] appears here.")
    # an unresolved marker still names a work: the claim is cited (and CX401 reports the marker)
    assert ms[0].reference is None and support_of(ms) == "cited"


def test_author_year_markers_resolve_with_fuzzy_surnames():
    linker, _ = linker_for(NEWS)
    ms = linker.mentions("Another trial found the same (Okafor & Lindqvist, 2019).")
    cites = [m for m in ms if m.kind == "citation"]
    assert cites and cites[0].reference and "Okafor" in cites[0].reference
    ms = linker.mentions("See also Chen et al. (2021).")
    assert any(m.kind == "citation" and m.reference for m in ms)


def test_identifiers_make_a_claim_cited():
    linker, _ = linker_for("x")
    for text, kind in (("Shown in doi:10.5555/abc.123 last year.", "doi"),
                       ("See PMID: 12345678 for details.", "pmid"),
                       ("Results at https://example.org/trials/42 today.", "url")):
        ms = linker.mentions(text)
        assert kind in [m.kind for m in ms]
        assert support_of(ms) == "cited"
    assert support_of(linker.mentions("Visit https://example.org for more.")) == "none"


def test_named_sources_are_linked_with_kind_and_canonical():
    linker, _ = linker_for("x")
    ms = linker.mentions("According to the Centers for Disease Control and Prevention, walking helps.")
    named = [m for m in ms if m.kind == "agency"]
    assert named and named[0].canonical and named[0].score and named[0].score >= 90
    assert support_of(ms) == "named"


def test_vague_attributions():
    linker, _ = linker_for("x")
    for text in ("Studies have shown that tea helps.", "Experts say that fasting works.",
                 "A study from Finland found that saunas help.", "Research suggests that naps help."):
        ms = linker.mentions(text)
        assert [m.kind for m in ms] == ["vague"], text
        assert support_of(ms) == "vague"


def test_support_order():
    vague = SourceMention("studies show", 0, 12, "vague")
    named = SourceMention("BMJ", 0, 3, "journal", "BMJ", 100.0)
    doi = SourceMention("10.5555/x", 0, 9, "doi")
    assert support_of([]) == "none"
    assert support_of([vague]) == "vague"
    assert support_of([vague, named]) == "named"
    assert support_of([vague, named, doi]) == "cited"


def test_evidence_reads_designs_inside_names_but_not_association_names():
    from claimx.link import evidence_of

    linker, _ = linker_for("x")
    text = "A Cochrane review found that zinc lozenges shorten colds."
    assert evidence_of(text, linker.mentions(text)) == "meta_analysis"
    text = "The American Heart Association says beetroot juice lowers blood pressure."
    assert evidence_of(text, linker.mentions(text)) == "unknown"


def test_taken_spans_answer_like_a_scan_of_every_span():
    """The linker's overlap index (logarithmic) gives the answers of the list scan it replaced, empty and
    touching spans included."""
    import random

    from claimx.link import _Taken

    rng = random.Random(11)
    for _ in range(2000):
        taken, spans = _Taken(), []
        for _ in range(rng.randint(0, 30)):
            a = rng.randint(0, 40)
            b = a + rng.choice((0, 0, 1, 2, 3, 5, 8))
            assert taken.overlaps(a, b) == any(s < b and a < e for s, e in spans), (spans, a, b)
            spans.append((a, b))
            taken.add(a, b)
