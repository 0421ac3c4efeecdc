"""Tests of the source registry (shipped data only; nothing here reads ../shared)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from claimx.cache import DbMap
from claimx.paths import model_path
from claimx.registry import KINDS, Link, Registry, default_registry, normalize, tokenize


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


def found(reg: Registry, text: str) -> list[tuple[str, str, str]]:
    """(surface, kind, canonical) of every mention found in ``text``."""
    return [(text[s:e], link.kind, link.canonical) for s, e, link in reg.find(text)]


def linked(reg: Registry, mention: str, kinds: list[str] | None = None) -> tuple[str, str] | None:
    link = reg.link(mention, kinds)
    return None if link is None else (link.kind, link.canonical)


# ---------------------------------------------------------------------------------------------- data


def test_shipped_files_have_headers_and_columns() -> None:
    folder = model_path("registry")
    names = {p.name for p in folder.glob("*.tsv")}
    expected = {"curated", "journals", "publishers", "organizations", "instruments", "study_designs"}
    assert {f"{n}.tsv" for n in expected} <= names
    for path in folder.glob("*.tsv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("#"), path.name
        header = next(line for line in lines if not line.startswith("#"))
        assert header.split("\t")[:4] == ["canonical", "kind", "identifier", "aliases"], path.name
    assert (folder / "generic_names.txt").read_text(encoding="utf-8").startswith("#")
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert total < 8_000_000


def test_every_kind_is_present(reg: Registry) -> None:
    counts = reg.counts()
    assert set(counts) == set(KINDS)
    assert all(counts[k] > 0 for k in KINDS)
    assert counts["journal"] > 10_000 and counts["organization"] > 10_000


# ---------------------------------------------------------------------------------------------- find


@pytest.mark.parametrize(
    ("text", "surface", "kind", "canonical"),
    [
        ("Studies in PLOS journals suggest it.", "PLOS journals", "publisher", "PLOS"),
        ("The PLoS paper was retracted.", "PLoS", "publisher", "PLOS"),
        ("Springer Nature published the review.", "Springer Nature", "publisher", "Springer Nature"),
        (
            "It was approved by the Food and Drug Administration in 2019.",
            "Food and Drug Administration",
            "agency",
            "U.S. Food and Drug Administration",
        ),
        ("The FDA approved esketamine.", "FDA", "agency", "U.S. Food and Drug Administration"),
        (
            "The National Institutes of Health funded it.",
            "National Institutes of Health",
            "agency",
            "National Institutes of Health",
        ),
        ("An NIH-funded study.", "NIH", "agency", "National Institutes of Health"),
        (
            "According to the World Health Organization, sleep matters.",
            "World Health Organization",
            "organization",
            "World Health Organization",
        ),
        ("WHO guidance says so.", "WHO", "organization", "World Health Organization"),
        ("CDC data show a rise.", "CDC", "agency", "Centers for Disease Control and Prevention"),
        (
            "Sleep was scored with the Pittsburgh Sleep Quality Index.",
            "Pittsburgh Sleep Quality Index",
            "instrument",
            "Pittsburgh Sleep Quality Index",
        ),
        (
            "Mood was rated on the Beck Depression Inventory.",
            "Beck Depression Inventory",
            "instrument",
            "Beck Depression Inventory",
        ),
        ("Scores on the BDI fell.", "BDI", "instrument", "Beck Depression Inventory"),
        ("It appeared in The Lancet last year.", "The Lancet", "journal", "The Lancet"),
        ("A JAMA paper found otherwise.", "JAMA", "journal", "JAMA"),
        (
            "Published in the New England Journal of Medicine.",
            "the New England Journal of Medicine",
            "journal",
            "The New England Journal of Medicine",
        ),
        (
            "A randomized controlled trial tested it.",
            "randomized controlled trial",
            "study_design",
            "Randomized controlled trial",
        ),
        (
            "A randomised controlled trial.",
            "randomised controlled trial",
            "study_design",
            "Randomized controlled trial",
        ),
        ("Two RCTs and a meta-analysis.", "RCTs", "study_design", "Randomized controlled trial"),
        ("A meta-analysis of 12 studies.", "meta-analysis", "study_design", "Meta-analysis"),
        (
            "In a placebo-controlled trial, patients improved.",
            "placebo-controlled trial",
            "study_design",
            "Placebo-controlled trial",
        ),
        ("Several cohort studies agree.", "cohort studies", "study_design", "Cohort study"),
        ("A study in Sleep Medicine found this.", "Sleep Medicine", "journal", "Sleep Medicine"),
        (
            "Data from the Journal of Sleep Research.",
            "Journal of Sleep Research",
            "journal",
            "Journal of Sleep Research",
        ),
        ("Researchers at the Mayo Clinic agree.", "Mayo Clinic", "organization", "Mayo Clinic"),
        ("A Cochrane review found no effect.", "Cochrane review", "organization", "Cochrane"),
        ("It was published in the journal Nature.", "journal Nature", "journal", "Nature"),
    ],
)
def test_find_links_known_sources(reg: Registry, text: str, surface: str, kind: str, canonical: str) -> None:
    assert (surface, kind, canonical) in found(reg, text)


def test_find_offsets_and_matched(reg: Registry) -> None:
    text = "The FDA, the NIH and the Pittsburgh Sleep Quality Index (PSQI) in a meta-analysis."
    hits = reg.find(text)
    assert [text[s:e] for s, e, _ in hits] == [
        "FDA",
        "NIH",
        "Pittsburgh Sleep Quality Index",
        "PSQI",
        "meta-analysis",
    ]
    for s, e, link in hits:
        assert isinstance(link, Link)
        assert link.score == 100.0
        assert normalize(text[s:e]) == normalize(link.matched)
    assert hits[0][2].matched == "FDA"
    assert hits[0][2].identifier == "https://ror.org/034xvzb47"


def test_find_is_non_overlapping_and_longest_first(reg: Registry) -> None:
    text = "The Lancet Psychiatry and JAMA Psychiatry both ran it."
    hits = reg.find(text)
    assert [text[s:e] for s, e, _ in hits] == ["The Lancet Psychiatry", "JAMA Psychiatry"]
    spans = [(s, e) for s, e, _ in hits]
    assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(spans))


def test_beck_is_not_baseline_dyspnea(reg: Registry) -> None:
    for text in ("The BDI was used.", "The Beck Depression Inventory was used."):
        links = [link for _, _, link in reg.find(text)]
        assert links and all("Dyspnea" not in link.canonical for link in links)
        assert links[0].canonical == "Beck Depression Inventory"
    assert linked(reg, "BDI", ["instrument"]) == ("instrument", "Beck Depression Inventory")


# ---------------------------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "The trial showed an analysis of sleep and brain health in nature.",
        "Cell biology, science and nature are fascinating.",
        "Experts in sleep medicine say blood pressure matters.",
        "Public health officials track clinical trials.",
        "Many studies have shown that research published in journals matters.",
        "Sleep is good for the heart, the gut and the brain.",
        "Prevent infections by washing hands.",
    ],
)
def test_ordinary_prose_links_no_source(reg: Registry, text: str) -> None:
    assert [f for f in found(reg, text) if f[1] != "study_design"] == []


def test_lowercase_who_is_not_who(reg: Registry) -> None:
    assert found(reg, "People who sleep well, who knows why.") == []
    assert reg.link("who") is None
    assert reg.link("WHO") is not None


def test_all_caps_heading_does_not_link_ordinary_acronyms(reg: Registry) -> None:
    assert found(reg, "WHO SHOULD TAKE KETAMINE FOR SLEEP") == []


def test_title_case_heading_does_not_link_short_generic_names(reg: Registry) -> None:
    assert found(reg, "How Ketamine Affects Blood Pressure And Sleep Medicine") == []


def test_generic_name_inside_longer_proper_name(reg: Registry) -> None:
    hits = found(reg, "She works at the Acme Sleep Medicine Institute.")
    assert all(canonical != "Sleep Medicine" for _, _, canonical in hits)


def test_people_named_like_sources(reg: Registry) -> None:
    assert found(reg, "Kristen Wiley and Dr. Cochrane agree.") == []
    assert ("Wiley", "publisher", "Wiley") in found(reg, "It was published by Wiley in 2020.")


def test_made_up_journal_does_not_link(reg: Registry) -> None:
    link = reg.link("Journal of Imaginary Results", ["journal"])
    assert link is None or link.score < 90
    assert found(reg, "It was in the Journal of Imaginary Results.") == []


def test_single_generic_word_never_links(reg: Registry) -> None:
    for word in ("Science", "Nature", "Trial", "Analysis", "Sleep", "Brain", "Cell", "science"):
        assert reg.link(word) is None, word


# ---------------------------------------------------------------------------------------------- link


@pytest.mark.parametrize(
    ("mention", "kinds", "kind", "canonical"),
    [
        ("the Food & Drug Administration", None, "agency", "U.S. Food and Drug Administration"),
        ("Lancet", ["journal"], "journal", "The Lancet"),
        ("PLoS journals", None, "publisher", "PLOS"),
        ("PLOS", None, "publisher", "PLOS"),
        ("Journal of Sleep Research", ["journal"], "journal", "Journal of Sleep Research"),
        ("Springer Nature", None, "publisher", "Springer Nature"),
        ("National Institutes of Health", None, "agency", "National Institutes of Health"),
        ("World Health Organisation", None, "organization", "World Health Organization"),
        ("New England Journal of Medicine", None, "journal", "The New England Journal of Medicine"),
        ("randomised controlled trial", None, "study_design", "Randomized controlled trial"),
        ("Pittsburgh Sleep Quality Index", None, "instrument", "Pittsburgh Sleep Quality Index"),
    ],
)
def test_link_exact(reg: Registry, mention: str, kinds: list[str] | None, kind: str, canonical: str) -> None:
    link = reg.link(mention, kinds)
    assert link is not None
    assert (link.kind, link.canonical, link.score) == (kind, canonical, 100.0)


@pytest.mark.parametrize(
    ("mention", "kinds", "canonical"),
    [
        ("Pittsburg Sleep Quality Index", ["instrument"], "Pittsburgh Sleep Quality Index"),
        ("Centres for Disease Control and Prevention", None, "Centers for Disease Control and Prevention"),
        ("National Institute of Mental Heath", ["agency"], "National Institute of Mental Health"),
        ("Jounal of Sleep Research", ["journal"], "Journal of Sleep Research"),
    ],
)
def test_link_fuzzy(reg: Registry, mention: str, kinds: list[str] | None, canonical: str) -> None:
    link = reg.link(mention, kinds)
    assert link is not None and link.canonical == canonical
    assert 90 <= link.score <= 100
    assert link.score == round(link.score, 1)


def test_link_guards(reg: Registry) -> None:
    assert reg.link("PHQ-8", ["instrument"]) is None or reg.link("PHQ-8", ["instrument"]).canonical != (
        "Patient Health Questionnaire-9"
    )
    assert reg.link("NIHR", ["agency"]) is None or reg.link("NIHR", ["agency"]).canonical != (
        "National Institutes of Health"
    )
    assert reg.link("sleep medicine", ["journal"]) is None  # ordinary words in lower case
    assert reg.link("", None) is None
    assert reg.link("of", None) is None
    with pytest.raises(ValueError):
        reg.link("FDA", ["newspaper"])


def test_fuzzy_link_needs_every_word(reg: Registry) -> None:
    # an extra or a missing word is a different source, however close the strings
    link = reg.link("American Journal of Sleep Medicine")
    assert link is None or link.canonical != "American Journal of Medicine"
    link = reg.link("Journal of Sleep Medicine", ["journal"])
    assert link is None or link.canonical != "Journal of Sleep Research"


def test_trailing_parenthesis_is_ignored_by_link(reg: Registry) -> None:
    link = reg.link("Pittsburgh Sleep Quality Index (PSQI)")
    assert link is not None and link.canonical == "Pittsburgh Sleep Quality Index" and link.score == 100.0


def test_distilled_acronyms_and_places_are_link_only(reg: Registry) -> None:
    # raw acronyms of organisations/journals (PFS, BBC ...) mostly mean something else in health writing
    assert found(reg, "Median PFS was 7 months and the BBC reported it.") == []
    assert reg.link("PFS") is None
    # places that happen to be journal titles
    assert found(reg, "Researchers in New York and Europe agree.") == []
    assert reg.link("New York") is None
    link = reg.link("New York", ["journal"])  # asked for explicitly
    assert link is not None and link.kind == "journal"
    # instrument acronyms are meant to be found
    assert found(reg, "The MMSE and the VAS were used.") == [
        ("MMSE", "instrument", "Mini-Mental State Examination"),
        ("VAS", "instrument", "Visual Analogue Scale"),
    ]


def test_short_generic_journal_titles_need_a_cue(reg: Registry) -> None:
    assert ("Sleep Medicine", "journal", "Sleep Medicine") in found(reg, "It appeared in Sleep Medicine last May.")
    assert found(reg, "Human Rights groups objected.") == []
    assert found(reg, "The Body Image of teenagers changed.") == []


def test_predatory_flag(reg: Registry) -> None:
    hits = reg.find("It was published by Science Publishing Group in 2019.")
    assert [(link.kind, link.predatory) for _, _, link in hits] == [("publisher", True)]
    link = reg.link("FDA")
    assert link is not None and link.predatory is False


def test_link_respects_kinds(reg: Registry) -> None:
    assert reg.link("FDA", ["journal"]) is None
    link = reg.link("FDA", ["agency"])
    assert link is not None and link.kind == "agency"


def test_deterministic(reg: Registry) -> None:
    text = "A Cochrane review, an RCT and the NHS, per the WHO and the NIH, in BMJ."
    assert reg.find(text) == reg.find(text)
    other = Registry.load()
    assert other.find(text) == reg.find(text)
    assert other.link("Jounal of Sleep Research") == reg.link("Jounal of Sleep Research")


# ---------------------------------------------------------------------------------------------- user files


def test_extra_files_add_sources(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "# my sources\n"
        "canonical\tkind\tidentifier\taliases\n"
        "Quokka Sleep Institute\torganization\tQSI-1\tQSI|Quokka Institute\n",
        encoding="utf-8",
    )
    reg = Registry.load([extra])
    text = "The Quokka Sleep Institute (QSI) says so."
    assert found(reg, text) == [
        ("Quokka Sleep Institute", "organization", "Quokka Sleep Institute"),
        ("QSI", "organization", "Quokka Sleep Institute"),
    ]
    link = reg.link("Quokka Institute")
    assert link is not None and link.identifier == "QSI-1" and link.matched == "Quokka Institute"
    assert found(default_registry(), text) == []  # the shipped registry is untouched


def test_extra_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("canonical\tkind\nFoo Bar Baz\tnewspaper\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        Registry.load([bad])
    no_header = tmp_path / "noheader.tsv"
    no_header.write_text("name\tkind\nFoo\tjournal\n", encoding="utf-8")
    with pytest.raises(ValueError, match="canonical"):
        Registry.load([no_header])


# ---------------------------------------------------------------------------------------------- helpers


def test_bulk_normalisation_agrees_with_normalize(reg: Registry) -> None:
    from claimx.registry import _bulk_normalize

    names = reg._names[::7]  # a sample of every shipped name
    assert _bulk_normalize(names) == [normalize(n) for n in names]


def test_index_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CLAIMX_NO_CACHE", raising=False)
    built = Registry.load()
    assert list(tmp_path.glob("registry-*.sqlite"))
    cached = Registry.load()
    assert isinstance(cached._raw, DbMap) and not isinstance(built._raw, DbMap)
    text = "The FDA, a Cochrane review and the Pittsburgh Sleep Quality Index in The Lancet."
    assert cached.find(text) == built.find(text) != []
    assert cached.link("Jounal of Sleep Research") == built.link("Jounal of Sleep Research")
    assert cached.counts() == built.counts()
    # the lazily read index matches exactly as the one built in memory, on a sample of every kind of name
    names = built._names[::97]
    texts = [f"According to {n}, and in the {n} journal, {n.upper()} said." for n in names]
    assert [cached.find(t) for t in texts] == [built.find(t) for t in texts]
    assert sum(map(len, (cached.find(t) for t in texts))) > len(texts) // 3


def test_tokenize_and_normalize() -> None:
    assert normalize("The Food & Drug Administration") == "food and drug administration"
    assert normalize("Alzheimer's Association") == "alzheimer association"
    assert normalize("Montgomery–Åsberg") == "montgomery asberg"
    assert normalize("the") == "the"
    text = "NIH's data"
    assert [t for _, _, t in tokenize(text)] == ["NIH", "data"]
