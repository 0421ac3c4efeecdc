"""Tests for the rule-based sentence segmenter (claimx/segment.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimx.paths import model_path
from claimx.records import Block, Document
from claimx.segment import segment, split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLDEN_RULES = SHARED / "data" / "segmentation" / "golden_rules_en.json"
# Floors only move up: the number of golden rules the segmenter is known to pass.
GOLDEN_FLOOR_PYSBD48 = 48
GOLDEN_FLOOR_ALL52 = 50


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --- notation that must not end a sentence ---------------------------------------------------------

NO_SPLIT = {
    "e.g.": "Fermented foods, e.g. kefir and yogurt, may help some people with lactose intolerance.",
    "i.e.": "The statin was taken at night, i.e. before the longest fasting period, by most participants.",
    "et al.": "Nguyen et al. found that walking after meals blunted glucose spikes in older adults.",
    "et al. year": "A later analysis by Okafor et al. (2021) reached the same conclusion.",
    "vs.": "Rates of nausea were similar for semaglutide vs. placebo in the first month.",
    "Dr.": "According to Dr. Alvarez the vaccine schedule should not change this winter.",
    "Prof.": "Prof. Haddad chaired the committee that reviewed the sodium guidelines.",
    "approx.": "Each capsule contains approx. 300 mg of magnesium citrate.",
    "ca.": "The cohort was recruited ca. 1995 from rural clinics in Kenya.",
    "Fig.": "As Fig. 3 shows, blood pressure fell within two weeks of starting the diet.",
    "Figs.": "Figs. 2 and 4 compare the dose groups across all visits.",
    "Eq.": "The risk score follows Eq. 2 from the methods section of the report.",
    "No.": "Protocol No. 17 was amended after the interim safety review.",
    "vol. pp.": "The trial appeared in vol. 12, pp. 101–109 of the nursing journal.",
    "St.": "Nurses at St. Luke's Hospital tracked every fall on the geriatric ward.",
    "Mr. Mrs. Ms.": "Mr. Osei, Mrs. Tanaka and Ms. Berg all reported fewer migraines after the change.",
    "U.S.": "The U.S. Preventive Services Task Force updated its advice on aspirin use.",
    "a.m. p.m.": "Take one tablet at 7 a.m. and another at 7 p.m. with a glass of water.",
    "initials": "The review by J. Smith and K. L. Moreno covered forty randomized trials.",
    "decimal": "Children received 2.5 mg/kg of the antibiotic twice a day for 7.5 days.",
    "p-value": "Mortality was lower in the exercise group (p < 0.05) after adjustment for age.",
    "p-value no zero": "The difference in HbA1c was significant, p = .03, but clinically small.",
    "confidence interval": "The hazard ratio was 0.82 (95% CI 0.71–0.94) for daily coffee drinkers.",
    "sample size": "Among the smokers (n = 120) the quit rate doubled with varenicline.",
    "DOI": "The full data set is described at doi:10.1000/xyz.123 in the supplement to the paper.",
    "URL": "The calculator at https://example.org/a.b?c=d estimates ten-year fracture risk.",
    "e-mail": "Questions about enrolment go to trial.office@example.org during working hours.",
    "list marker": "1. Wash your hands with soap for at least twenty seconds.",
    "ellipsis lower-case": "The side effects were mild... mostly headaches and some dizziness.",
    "species names": "Swabs grew E. coli and S. aureus in most of the wound samples.",
    "month": "The label changed in Sept. 2021 after new safety reports.",
    "dosing": "The antibiotic was given i.v. for three days and then b.i.d. by mouth.",
    "figure label": "Supplementary Fig. S2 lists every adverse event by dose group.",
}


@pytest.mark.parametrize("text", NO_SPLIT.values(), ids=NO_SPLIT.keys())
def test_notation_does_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


# --- places that must end a sentence ---------------------------------------------------------------

SPLIT = {
    "period capital": (
        "Fibre lowers cholesterol. It also keeps you full for longer.",
        ["Fibre lowers cholesterol.", "It also keeps you full for longer."],
    ),
    "question": (
        "Does melatonin help jet lag? Small trials suggest it does.",
        ["Does melatonin help jet lag?", "Small trials suggest it does."],
    ),
    "exclamation": (
        "Never double a missed dose! Take the next one at the usual time.",
        ["Never double a missed dose!", "Take the next one at the usual time."],
    ),
    "question in brackets": (
        "Is salt the culprit (or is it sugar?) Nobody is sure.",
        ["Is salt the culprit (or is it sugar?)", "Nobody is sure."],
    ),
    "sentence-final quote": (
        'He said "stop." Then the nurse removed the drip.',
        ['He said "stop."', "Then the nurse removed the drip."],
    ),
    "quote after question": (
        'The patient asked "will it hurt?" The doctor said no.',
        ['The patient asked "will it hurt?"', "The doctor said no."],
    ),
    "period newline": (
        "The trial stopped early.\nThe board cited safety concerns.",
        ["The trial stopped early.", "The board cited safety concerns."],
    ),
    "line ending with punctuation": (
        "Dosing was weekly.\nmost patients tolerated it well.",
        ["Dosing was weekly.", "most patients tolerated it well."],
    ),
    "abbreviation at the end": (
        "The kit includes swabs, gloves, masks etc. Each item is single use.",
        ["The kit includes swabs, gloves, masks etc.", "Each item is single use."],
    ),
    "et al. at the end": (
        "This was first shown by Ahmed et al. The finding has since been replicated.",
        ["This was first shown by Ahmed et al.", "The finding has since been replicated."],
    ),
    "U.S. at the end": (
        "Obesity rates keep rising in the U.S. The trend is slower in Europe.",
        ["Obesity rates keep rising in the U.S.", "The trend is slower in Europe."],
    ),
    "vitamin letter": (
        "Many older adults lack vitamin D. Supplements are cheap.",
        ["Many older adults lack vitamin D.", "Supplements are cheap."],
    ),
    "decimal at the end": (
        "The mean dose was 2.5 mg. Higher doses caused dizziness.",
        ["The mean dose was 2.5 mg.", "Higher doses caused dizziness."],
    ),
    "number starts next": (
        "The study enrolled older adults. 40% of them were women.",
        ["The study enrolled older adults.", "40% of them were women."],
    ),
    "citation marker": (
        "Statins cut heart attacks by a quarter.[3] The benefit is larger at high risk.",
        ["Statins cut heart attacks by a quarter.[3]", "The benefit is larger at high risk."],
    ),
    "URL at the end": (
        "The guideline is at https://example.org/guide.html. Read the summary first.",
        ["The guideline is at https://example.org/guide.html.", "Read the summary first."],
    ),
    "e-mail at the end": (
        "Report side effects to safety@example.org. We answer within two days.",
        ["Report side effects to safety@example.org.", "We answer within two days."],
    ),
    "ellipsis capital": (
        "The results were promising... Then the larger trial failed.",
        ["The results were promising...", "Then the larger trial failed."],
    ),
    "answer then number-class word": (
        "Does this supplement cure arthritis? No. Patients should keep taking their medicine.",
        ["Does this supplement cure arthritis?", "No.", "Patients should keep taking their medicine."],
    ),
    "mixed-case sentence start": (
        "Kidney function worsened. eGFR fell by a third in a year.",
        ["Kidney function worsened.", "eGFR fell by a third in a year."],
    ),
    "time at the end": (
        "The clinic opens at 8 a.m. Bring your referral letter.",
        ["The clinic opens at 8 a.m.", "Bring your referral letter."],
    ),
    "missing space": (
        "Eat more vegetables.The evidence is strong.",
        ["Eat more vegetables.", "The evidence is strong."],
    ),
    "missing space after a bracket": (
        "We tested 40 adults (half of them smokers).The results were clear.",
        ["We tested 40 adults (half of them smokers).", "The results were clear."],
    ),
    "inline numbered list": (
        "1) drink water 2) rest 3) see a doctor if the fever lasts",
        ["1) drink water", "2) rest", "3) see a doctor if the fever lasts"],
    ),
    "bullets": (
        "• fever • dry cough • tiredness",
        ["• fever", "• dry cough", "• tiredness"],
    ),
    "list lines after colon": (
        "Common side effects:\nnausea\nheadache",
        ["Common side effects:", "nausea", "headache"],
    ),
    "heading line": (
        "How Statins Work\nStatins block an enzyme in the liver.",
        ["How Statins Work", "Statins block an enzyme in the liver."],
    ),
    "blank line": (
        "Drink water\n\nSleep well",
        ["Drink water", "Sleep well"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), SPLIT.values(), ids=SPLIT.keys())
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_wrapped_line_without_punctuation_is_not_a_boundary() -> None:
    text = "Regular walking was associated with a lower risk of\ndementia in this cohort of older adults."
    assert sentences(text) == [text]


# --- offsets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        *NO_SPLIT.values(),
        *(t for t, _ in SPLIT.values()),
        "  Leading space.   Trailing space too.   \n\n",
        "\n\n\n",
        "",
        "No final punctuation here",
    ],
)
def test_offsets_are_trimmed_ordered_and_exact(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for s, e in spans:
        assert 0 <= previous_end <= s < e <= len(text)
        sentence = text[s:e]
        assert sentence == sentence.strip() and sentence
        previous_end = e
    # nothing but whitespace is left out
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_span_arguments_are_respected() -> None:
    text = "IGNORED. Coffee is safe for most adults. Pregnant women should limit it. IGNORED"
    start = text.index("Coffee")
    end = text.index(" IGNORED", start)
    spans = split_sentences(text, start, end)
    assert [text[s:e] for s, e in spans] == [
        "Coffee is safe for most adults.",
        "Pregnant women should limit it.",
    ]
    assert split_sentences(text, 5, 5) == []


def test_deterministic() -> None:
    text = " ".join(NO_SPLIT.values()) + " " + " ".join(t for t, _ in SPLIT.values())
    assert split_sentences(text) == split_sentences(text)


def test_abbreviation_file_has_source_header() -> None:
    lines = model_path("segment", "abbreviations.txt").read_text(encoding="utf-8").splitlines()
    header = "\n".join(line for line in lines[:10] if line.startswith("#"))
    assert "Source" in header


# --- segment() and blocks --------------------------------------------------------------------------


def _document(parts: list[tuple[str, str]]) -> Document:
    text = ""
    blocks = []
    for kind, chunk in parts:
        start = len(text)
        text += chunk
        blocks.append(Block(start, len(text), kind))  # type: ignore[arg-type]
        text += "\n"
    return Document(path="t.md", format="markdown", text=text, blocks=tuple(blocks))


def test_segment_respects_block_boundaries() -> None:
    doc = _document(
        [
            ("heading", "Does Coffee Raise Blood Pressure"),
            ("paragraph", "Short-term studies say yes. Long-term studies are less clear"),
            ("paragraph", "Most adults can drink three cups a day. Dr. Rossi agrees."),
            ("list_item", "limit sugar. Choose whole grains."),
            ("list_item", "walk daily"),
            ("table_row", "Caffeine | 95 mg. | per cup"),
            ("quote", "Moderation matters. So does sleep."),
            ("reference", "Rossi A. Coffee and blood pressure. J. Hypertens. 2020;38:1-9."),
        ]
    )
    result = segment(doc)
    assert [s.index for s in result] == list(range(len(result)))
    for s in result:
        assert doc.text[s.start : s.end] == s.text
        assert any(b.start <= s.start and s.end <= b.end for b in doc.blocks)
    assert [(s.kind, s.text) for s in result] == [
        ("heading", "Does Coffee Raise Blood Pressure"),
        ("sentence", "Short-term studies say yes."),
        ("sentence", "Long-term studies are less clear"),
        ("sentence", "Most adults can drink three cups a day."),
        ("sentence", "Dr. Rossi agrees."),
        ("list_item", "limit sugar."),
        ("list_item", "Choose whole grains."),
        ("list_item", "walk daily"),
        ("table_row", "Caffeine | 95 mg. | per cup"),
        ("sentence", "Moderation matters."),
        ("sentence", "So does sleep."),
        ("reference", "Rossi A. Coffee and blood pressure."),
        ("reference", "J. Hypertens. 2020;38:1-9."),
    ]


def test_heading_is_never_merged_with_the_next_sentence() -> None:
    # a heading block with no final period, followed by a paragraph starting with a capital
    doc = _document([("heading", "Vitamin D and Falls"), ("paragraph", "Older adults fall less often.")])
    result = segment(doc)
    assert [s.text for s in result] == ["Vitamin D and Falls", "Older adults fall less often."]
    assert [s.kind for s in result] == ["heading", "sentence"]


def test_segment_skips_empty_blocks() -> None:
    doc = _document([("heading", "   "), ("paragraph", ""), ("paragraph", "Rest helps.")])
    result = segment(doc)
    assert [(s.index, s.text) for s in result] == [(0, "Rest helps.")]


# --- golden rules (shared data, read at run time, never copied) -------------------------------------


def test_golden_rules() -> None:
    if not GOLDEN_RULES.is_file():
        pytest.skip(f"{GOLDEN_RULES} is absent")
    rules = json.loads(GOLDEN_RULES.read_text(encoding="utf-8"))
    passed_48 = passed_all = 0
    failures = []
    for rule in rules:
        got = [s.strip() for s in sentences(rule["text"])]
        ok = got == [s.strip() for s in rule["sentences"]]
        passed_all += ok
        passed_48 += ok and rule["in_pysbd48"]
        if not ok:
            failures.append(rule["id"])
    assert passed_48 >= GOLDEN_FLOOR_PYSBD48, failures
    assert passed_all >= GOLDEN_FLOOR_ALL52, failures


def test_sentence_wrapped_over_a_blank_line_is_one_sentence():
    from claimx.read import read_text
    from claimx.segment import segment

    text = ("Plain title line\n\nThe new scheme has cut the number of\n\nfalls in care homes, say nurses.\n\n"
            "A second paragraph ends here.\n\nlower-case start of a new paragraph.")
    sents = segment(read_text(text, "wrapped.txt"))
    texts = [s.text for s in sents]
    assert "The new scheme has cut the number of\n\nfalls in care homes, say nurses." in texts
    # a block that ends a sentence is not joined to a lower-case block after it
    assert "lower-case start of a new paragraph." in texts
    for s in sents:
        assert text[s.start:s.end] == s.text
