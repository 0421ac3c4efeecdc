"""Tests for claimx.stats. Every sentence here was written for these tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from claimx.records import Statistic
from claimx.stats import comparative_direction, direction_from_statistics, find_statistics

EV2 = Path("/work/shared/data/evidence_inference/ev2_dev.jsonl")


def only(text: str, kind: str | None = None) -> Statistic:
    stats = [s for s in find_statistics(text) if kind is None or s.kind == kind]
    assert len(stats) == 1, stats
    return stats[0]


# --- ratios -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "value", "lo", "hi"),
    [
        ("Walkers had fewer strokes (HR 0.72 (95% CI 0.61–0.85)).", "HR", 0.72, 0.61, 0.85),
        ("Stroke risk was lower among walkers (HR = 0.72; 95% CI, 0.61 to 0.85).", "HR", 0.72, 0.61, 0.85),
        ("Night-shift nurses were more often obese (OR 1.4 [1.1-1.8]).", "OR", 1.4, 1.1, 1.8),
        ("Hip fractures were not reduced by the supplement (RR 0.85 (0.65-1.12)).", "RR", 0.85, 0.65, 1.12),
        (
            "Tea drinkers had a relative risk of 0.8 (95% confidence interval 0.7 to 0.9) for gout.",
            "relative risk",
            0.8,
            0.7,
            0.9,
        ),
        ("After adjustment the aOR was 2.10 (95% CI 1.35-3.27).", "aOR", 2.10, 1.35, 3.27),
        ("Falls were less frequent (aHR 0.64, 95% CI 0.50 to 0.82).", "aHR", 0.64, 0.50, 0.82),
        ("Clinic visits rose (IRR 1.22; 95% CI 1.05–1.41).", "IRR", 1.22, 1.05, 1.41),
        ("The odds ratio for asthma was 1.9 (1.2–3.0) in exposed children.", "odds ratio", 1.9, 1.2, 3.0),
        ("The risk ratio was 0.91 (95% CI: 0.80, 1.04) for relapse.", "risk ratio", 0.91, 0.80, 1.04),
        (
            "The hazard ratio for death with the new regimen was 0.77 (0.66-0.90).",
            "hazard ratio",
            0.77,
            0.66,
            0.90,
        ),
        ("Mortality fell in the treated arm (HR 0·81, 95% CI 0·70–0·94).", "HR", 0.81, 0.70, 0.94),
        ("Relapse was as common (OR 0,93 [0,67–1,30]) in both arms.", "OR", 0.93, 0.67, 1.30),
    ],
)
def test_ratio_spellings(text: str, name: str, value: float, lo: float, hi: float) -> None:
    s = only(text, "ratio")
    assert s.name == name
    assert s.value == pytest.approx(value)
    assert s.ci_low == pytest.approx(lo)
    assert s.ci_high == pytest.approx(hi)
    assert s.text in text
    assert s.text.startswith(name)


def test_ratio_text_is_the_surface_span() -> None:
    text = "Walkers had fewer strokes (HR 0.72 (95% CI 0.61–0.85)) in the cohort."
    assert only(text).text == "HR 0.72 (95% CI 0.61–0.85)"


def test_p_inside_the_same_parenthesis_attaches_to_the_ratio() -> None:
    text = "Readmissions were fewer with the nurse visits (HR, 0.70; 95% CI, 0.58-0.84; P < .001)."
    s = only(text)
    assert (s.kind, s.name, s.value, s.ci_low, s.ci_high, s.p) == ("ratio", "HR", 0.70, 0.58, 0.84, 0.001)
    assert direction_from_statistics([s]) == "decrease"


def test_ratio_with_p_after_interval() -> None:
    text = "Gout flares were less common on the diet (RR 0.74 (0.60-0.91), p = 0.004)."
    s = only(text)
    assert s.p == pytest.approx(0.004)
    assert s.ci_low == pytest.approx(0.60)


def test_bare_table_fragment_is_a_ratio() -> None:
    text = "Any fall\n41/980 (4.2%)\n60/975 (6.2%)\n0.68 (0.46-0.99)\n0.04\n"
    s = only(text)
    assert (s.kind, s.name, s.value, s.ci_low, s.ci_high) == ("ratio", "", 0.68, 0.46, 0.99)
    assert direction_from_statistics([s]) == "decrease"


@pytest.mark.parametrize(
    "text",
    [
        "Median age was 54.5 (41.2-63.8) years.",
        "Length of stay was 4.5 (3.0-7.0) days in both arms.",
        "The mean score was 10.0 (4.5-15.5) at baseline.",
        "Response rates were 12.4 (8.1-16.7) and 12.9 (8.4-17.4).",
    ],
)
def test_bare_summaries_are_not_ratios(text: str) -> None:
    assert [s for s in find_statistics(text) if s.kind == "ratio"] == []


# --- differences ----------------------------------------------------------------------------------------


def test_mean_difference_with_unicode_minus() -> None:
    text = "Systolic pressure fell with the salt substitute (mean difference −4.1 mmHg (95% CI −6.0 to −2.2))."
    s = only(text)
    assert (s.kind, s.name) == ("difference", "mean difference")
    assert s.value == pytest.approx(-4.1)
    assert (s.ci_low, s.ci_high) == (pytest.approx(-6.0), pytest.approx(-2.2))
    assert direction_from_statistics([s]) == "decrease"


def test_md_and_smd() -> None:
    stats = find_statistics("Anxiety scores dropped (MD -0.5) and mood improved (SMD 0.3 (0.1, 0.5)).")
    assert [(s.name, s.value, s.ci_low, s.ci_high) for s in stats] == [
        ("MD", -0.5, None, None),
        ("SMD", 0.3, 0.1, 0.5),
    ]


def test_wmd_with_units_in_interval() -> None:
    s = only("Weight loss was larger with the app (WMD -2.3 kg, 95% CI -3.1 kg to -1.5 kg).")
    assert (s.name, s.value, s.ci_low, s.ci_high) == ("WMD", -2.3, -3.1, -1.5)


def test_difference_of_points() -> None:
    s = only("Children in the reading programme scored higher, a difference of 3.2 points.")
    assert (s.kind, s.name, s.value) == ("difference", "difference", 3.2)
    assert direction_from_statistics([s]) == "increase"


def test_difference_spanning_zero_is_no_change() -> None:
    text = "Fatigue hardly changed (adjusted difference 0.9 points, 95% CI -1.4 to 3.2)."
    s = only(text)
    assert (s.ci_low, s.ci_high) == (-1.4, 3.2)
    assert direction_from_statistics([s]) == "no_change"


def test_negated_difference_does_not_take_a_later_number() -> None:
    text = "There was no difference in time to reach a score of 10 between the two arms."
    assert [s for s in find_statistics(text) if s.kind == "difference"] == []


def test_interval_only_difference() -> None:
    text = "Fewer infections occurred with the new dressing (95% CI for the difference -9.5 to -1.2)."
    s = only(text, "difference")
    assert (s.value, s.ci_low, s.ci_high) == (None, -9.5, -1.2)
    assert direction_from_statistics([s]) == "decrease"


# --- p-values --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Symptom scores improved (p = 0.03).", 0.03),
        ("Sleep onset was shorter, P<0.001.", 0.001),
        ("Appetite did not change (p = .41).", 0.41),
        ("Bone density was unchanged, p > 0.05.", 0.05),
        ("Nausea was similar (P = 0.2).", 0.2),
        ("The change in mood had a p-value of 0.04.", 0.04),
        ("Heart rate rose (p = 2 × 10−5).", 2e-5),
    ],
)
def test_standalone_p(text: str, value: float) -> None:
    s = only(text)
    assert (s.kind, s.name) == ("p", "p")
    assert s.value == pytest.approx(value)
    assert s.p == pytest.approx(value)


def test_p_directions() -> None:
    assert direction_from_statistics(find_statistics("Pain was lower (p = 0.03).")) is None
    assert direction_from_statistics(find_statistics("Pain was lower (P<0.001).")) is None
    assert direction_from_statistics(find_statistics("Pain was lower (p = .41).")) == "no_change"
    assert direction_from_statistics(find_statistics("Pain was lower (p > 0.05).")) == "no_change"
    assert direction_from_statistics(find_statistics("Pain was lower (p = 0.05).")) == "no_change"
    assert direction_from_statistics(find_statistics("Pain was lower (NS).")) == "no_change"


def test_ns_is_a_nonsignificant_p() -> None:
    stats = find_statistics("Itching was reported in both groups (NS).")
    assert [(s.kind, s.name, s.value) for s in stats] == [("p", "NS", None)]


def test_p_for_trend_is_not_an_effect_p() -> None:
    stats = find_statistics("Risk rose across coffee quartiles (p for trend = 0.02).")
    assert [s.name for s in stats] == ["p-for-trend"]
    assert direction_from_statistics(stats) is None


# --- percent changes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        ("The programme reduced emergency visits by 23%.", -23.0, "%"),
        ("Walkers saw a 15% increase in HDL cholesterol.", 15.0, "%"),
        ("Vitamin levels increased by 1.5-fold after six weeks.", 50.0, "fold"),
        ("Runners had a 30% lower risk of depression.", -30.0, "%"),
        ("The drug cut relapses by about 40 percent.", -40.0, "%"),
        ("Adherence rose from 52% to 68% with text reminders.", 16.0, "percentage points"),
        ("Smokers had a 2-fold higher risk of ulcers.", 100.0, "fold"),
    ],
)
def test_percent_changes(text: str, value: float, name: str) -> None:
    s = only(text, "percent_change")
    assert s.value == pytest.approx(value)
    assert s.name == name
    assert direction_from_statistics([s]) == ("increase" if value > 0 else "decrease")


def test_percent_change_interval_spanning_zero_is_no_change() -> None:
    text = "Colds were reduced by 8% (95% CI -3 to 18%; p = 0.15) with the spray."
    s = only(text)
    assert s.value == pytest.approx(-8.0)
    assert (s.ci_low, s.ci_high) == (-18.0, 3.0)
    assert s.p == pytest.approx(0.15)
    assert direction_from_statistics([s]) == "no_change"


def test_threshold_percentages_are_not_changes() -> None:
    text = "Responders were defined by a ≥50% reduction in headache days."
    assert [s for s in find_statistics(text) if s.kind == "percent_change"] == []


# --- direction_from_statistics -------------------------------------------------------------------------


def test_ci_spanning_one_is_no_change() -> None:
    assert direction_from_statistics(find_statistics("Cancer risk was similar (HR 1.08, 95% CI 0.91-1.27).")) == (
        "no_change"
    )


def test_ci_not_spanning_one_gives_the_side() -> None:
    assert direction_from_statistics(find_statistics("Fewer deaths (HR 0.80, 95% CI 0.70-0.92).")) == "decrease"
    assert direction_from_statistics(find_statistics("More headaches (OR 1.60, 95% CI 1.20-2.13).")) == "increase"


def test_attached_nonsignificant_p_wins_over_the_value() -> None:
    s = only("Sleep time was longer (MD 12 min, p = 0.31).")
    assert s.p == pytest.approx(0.31)
    assert direction_from_statistics([s]) == "no_change"


def test_statistic_with_ci_is_preferred() -> None:
    stats = find_statistics("Crude OR 1.3 but adjusted OR 0.82 (95% CI 0.70 to 0.96).")
    assert [s.value for s in stats] == [1.3, 0.82]
    assert direction_from_statistics(stats) == "decrease"


def test_first_statistic_wins_among_equals() -> None:
    stats = find_statistics("Falls: HR 0.70 (0.55-0.89); fractures: HR 1.40 (1.10-1.78).")
    assert direction_from_statistics(stats) == "decrease"


def test_value_without_p_and_only_nonsignificant_p_values() -> None:
    text = "The diet lowered cholesterol by 4% but this was not significant (p = 0.27)."
    assert direction_from_statistics(find_statistics(text)) == "no_change"


def test_direction_from_handmade_records() -> None:
    assert direction_from_statistics([Statistic("ratio", "RR", 0.5, 0.3, 0.8)]) == "decrease"
    assert direction_from_statistics([Statistic("ratio", "RR", 1.5, 0.9, 2.5)]) == "no_change"
    assert direction_from_statistics([Statistic("difference", "MD", 2.0, 0.5, 3.5)]) == "increase"
    assert direction_from_statistics([Statistic("difference", "MD", -2.0, -4.0, 0.1)]) == "no_change"
    assert direction_from_statistics([Statistic("percent_change", "%", -12.0)]) == "decrease"
    assert direction_from_statistics([]) is None


# --- no numbers ---------------------------------------------------------------------------------------


def test_sentence_without_numbers() -> None:
    assert find_statistics("Green tea may help some people sleep better.") == ()
    assert find_statistics("") == ()
    assert direction_from_statistics(find_statistics("No digits here at all.")) is None


# --- comparative_direction -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Grip strength was significantly higher in the intervention group than in the placebo group.",
            "increase",
        ),
        ("Pain scores were lower in the treatment group than in controls.", "decrease"),
        ("Pain scores were lower in the treatment group than controls.", "decrease"),
        ("The placebo group had higher anxiety than the ketamine group.", "decrease"),
        ("The control group reported fewer night wakings than the melatonin group.", "increase"),
        ("Compared with placebo, the spray produced a greater reduction in congestion.", "decrease"),
        ("Compared with usual care, the coaching arm had more days of exercise.", "increase"),
        ("Sleep quality did not differ significantly between groups.", "no_change"),
        ("There were no significant differences between the two arms in fatigue.", "no_change"),
        ("Appetite was similar in both groups at week 8.", "no_change"),
        ("Blood glucose was comparable between groups.", "no_change"),
        ("Body weight was not significantly different from the sham group.", "no_change"),
        (
            "The reduction in pain was significantly greater with acupuncture than in the sham group.",
            "decrease",
        ),
    ],
)
def test_comparative_direction(text: str, expected: str) -> None:
    assert comparative_direction(text) == expected


def test_comparative_needs_a_comparison() -> None:
    assert comparative_direction("Vitamin D is made in the skin.") is None
    assert comparative_direction("") is None
    # "more than" a number is a quantity, not a comparison of arms
    assert comparative_direction("More than 40 patients were enrolled in each group.") is None


def test_control_arm_in_its_own_clause() -> None:
    text = (
        "Snack intake fell in the app group, whereas the control group did not change significantly "
        "compared with baseline."
    )
    assert comparative_direction(text) == "decrease"


def test_arm_names_place_named_groups() -> None:
    text = "Nausea was significantly less frequent in the ginger group than in the metoclopramide group."
    assert comparative_direction(text) == "decrease"
    assert comparative_direction(text, intervention="metoclopramide 10 mg", comparator="ginger") == "increase"


def test_glycaemic_control_is_not_an_arm() -> None:
    text = "Glycaemic control was better and HbA1c lower in the text-message group than with usual care."
    assert comparative_direction(text) == "decrease"


# --- benchmark ------------------------------------------------------------------------------------------


@pytest.mark.skipif(not EV2.exists(), reason="evidence-inference data not available")
def test_evidence_inference_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "stats_on_evidence_inference.py"
    spec = importlib.util.spec_from_file_location("stats_bench", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.load(EV2)
    assert rows
    covered = [(row, mod.stats_only(row)) for row in rows[:400]]
    decided = [(row[1], pred) for row, pred in covered if pred is not None]
    assert decided
    accuracy = sum(g == p for g, p in decided) / len(decided)
    assert accuracy > 0.8


def test_within_arm_change_with_no_between_group_difference() -> None:
    text = "Step counts increased in both groups, but there was no significant difference between groups."
    assert comparative_direction(text) == "no_change"


def test_threshold_or_more_is_not_a_comparison() -> None:
    text = "Relapse (a rise of two points or more) was significantly lower in the yoga group than in controls."
    assert comparative_direction(text) == "decrease"


def test_no_evidence_that_is_no_change() -> None:
    text = "There was no evidence that coached patients were more often in remission than controls."
    assert comparative_direction(text) == "no_change"


def test_non_prefixed_arm_name_is_the_other_arm() -> None:
    text = "Pain scores were lower in the non-brace group."
    assert comparative_direction(text, intervention="knee brace") == "increase"
    assert comparative_direction("Pain scores were lower in the brace group.", intervention="knee brace") == (
        "decrease"
    )


def test_unnamed_interval_below_zero_is_a_difference() -> None:
    s = only("Exercise capacity fell (-70 ml/min, 95% CI -115 to -26 ml/min).")
    assert (s.kind, s.name, s.value, s.ci_low, s.ci_high) == ("difference", "", -70.0, -115.0, -26.0)
    assert direction_from_statistics([s]) == "decrease"


def test_beta_coefficient_needs_an_interval_or_p() -> None:
    s = only("Intentions did not change (β = 0.02, 95% CI -0.08 to 0.12).")
    assert (s.kind, s.name, s.value, s.ci_low, s.ci_high) == ("difference", "β", 0.02, -0.08, 0.12)
    assert direction_from_statistics([s]) == "no_change"
    assert [x for x in find_statistics("Group β = 2 was larger.") if x.kind == "difference"] == []


def test_ns_on_its_own_table_line() -> None:
    stats = find_statistics("Knew someone who smokes\n61.2\n58.9\nN.S.\n")
    assert [(s.kind, s.name) for s in stats] == [("p", "NS")]
    assert direction_from_statistics(stats) == "no_change"


def test_paired_values_read_two_arms_and_a_p_value():
    from claimx.stats import find_statistics, paired_direction, paired_values

    def pair(text):
        return paired_values(text, find_statistics(text))

    # "respectively": the values in the order of the arms; "group 1" is a label, not a value
    p = pair("Recovery took 3.5 and 6.0 days in groups 1 and 2, respectively (p = 0.002).")
    assert p is not None and p.direction == "decrease" and not p.control_first
    # the unit given once, after the second value; values inside brackets and intervals are not the arms'
    p = pair("Rates were 3.1% (95% CI 1.7-5.1%) in the gel group and 7.2% (95% CI 5.8-8.9%) with the cream, p = 0.01")
    assert p is not None and p.direction == "decrease"
    assert pair("Ear pain lasted 0.5 and 1.6 days (p=0.008)").direction == "decrease"
    # not significant: no change; no p-value or equal values: no reading
    assert pair("Scores were 12.1 and 12.9 in the two arms (p = 0.41).").direction == "no_change"
    assert pair("Scores were 12.1 and 12.9 in the two arms.") is None
    assert pair("Scores were 12 and 12 in the two arms (p = 0.01).") is None
    # the control named first: the direction is the other arm's ...
    text = "Pain lasted 4.1 days in the placebo group and 2.2 days in the honey group (p = 0.01)."
    p = pair(text)
    assert p.control_first and p.for_arm_at(None) == "decrease" == paired_direction(text, find_statistics(text))
    # ... and a claim naming an arm gets that arm's direction: the first arm's, or the second's (after its value)
    assert p.for_arm_at(text.index("placebo")) == "increase"
    assert p.for_arm_at(text.index("honey")) == "decrease"


def test_a_result_told_by_two_values_is_a_claim(pipeline):
    claims = pipeline.check_text("Pain lasted 4.1 days in the placebo group and 2.2 days in the honey group "
                                 "(p = 0.01).").claims
    assert claims and claims[0].direction == "decrease" and "honey" in claims[0].intervention
    claims = pipeline.check_text("Recovery took 3.5 and 6.0 days in groups 1 and 2, respectively (p = 0.002).").claims
    assert claims and claims[0].outcome == "Recovery" and claims[0].direction == "decrease"
