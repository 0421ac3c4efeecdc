"""Reading the statistics of health writing: ratios, differences, p-values and percent changes.

Pure Python and regular expressions, compiled once at import. ``find_statistics`` runs on every sentence of
large inputs, so a sentence without a digit costs a single ``str`` scan.

Public API:

- ``find_statistics(text)`` -> the ``Statistic`` records of a sentence, in text order.
- ``direction_from_statistics(stats)`` -> "increase" / "decrease" / "no_change" / None.
- ``comparative_direction(text, *, intervention=None, comparator=None)`` -> the direction of a comparison
  between trial arms, read relative to the intervention arm ("higher in the placebo group than ..." is a
  decrease), or None. The optional arm names let it place named groups ("the ginger group").

The arm words and comparative words live in ``models/patterns/statistics.yaml``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Literal

import yaml

from claimx.paths import model_path
from claimx.records import Statistic

StatDirection = Literal["increase", "decrease", "no_change"]

__all__ = ["PairedValues", "comparative_direction", "direction_from_statistics", "ends_with_comparator",
           "find_statistics", "is_control_arm", "paired_direction", "paired_values"]

ALPHA = 0.05

# --------------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------------

_MINUS = "-−–‐‑"  # hyphen-minus, unicode minus, en dash, hyphen, non-breaking hyphen
_SIGN = rf"(?:[{_MINUS}]\s?)"
# "0,93" and "1,30" are read as decimal commas (a thousands separator has three digits and no leading 0).
# Digit runs are bounded (30) and possessive: linear time on runs of digits; a longer number is no statistic.
_UNSIGNED = (r"(?:[0-9],\d{2}(?![\d,.·])|0,\d{1,3}(?![\d,.·])|\d{1,30}+(?:[.·]\d{1,30}+)?+(?![.·]?\d)"
             r"|[.·]\d{1,30}+(?![.·]?\d))")
_NUM = rf"(?:{_SIGN}?{_UNSIGNED})"
_POS_NUM = _UNSIGNED
# Scientific notation in p-values: "2 × 10−5", "3.1x10^-4", "1e-6", "10^-8".
_SCI = rf"(?:\s?[×xX*·]\s?10\s?(?:\^|\*\*)?\s?[{_MINUS}]\s?\d+|[eE][{_MINUS}]?\d+)"
_CI_LABEL = (
    r"(?:(?:9[059]|80)\s?%\s?(?:CI|C\.I\.|CrI|UI|(?i:confidence\s{1,20}+intervals?|credible\s{1,20}+intervals?|"
    r"uncertainty\s{1,20}+intervals?))(?:\s?[(\[](?:CI|CrI)[)\]])?(?:\s{1,20}+(?:was|were|of|is|for\s{1,20}+the\s{1,20}+difference))?"
    r"\s{0,20}+[:,=]?\s{0,20}+|(?:CI|C\.I\.|(?i:confidence\s{1,20}+interval))\s{0,20}+[:,=]?\s{0,20}+)"
)
_RANGE_SEP = r"(?:\s{0,20}+(?:to|[-–—‐‑]|,|;|\.\.|and)\s{0,20}+)"
# A unit may follow each bound: "-2.34 mmHg to 4.29 mmHg".
_BOUND_UNIT = r"(?:\s?%|\s?(?!(?:to|and)\b)[A-Za-zµμ°²]{1,6}(?:/[A-Za-z]{1,4})?)?"
# An interval needs a bracket or a label: "(0.61-0.85)", "; 95% CI, 0.61 to 0.85", "[95% CI: 0.6, 0.9]".
_CI = (
    rf"(?:\s{{0,20}}+(?:[,;]\s{{0,20}}+)?(?:[(\[]\s{{0,20}}+{_CI_LABEL}?|{_CI_LABEL})"
    rf"(?P<lo>{_NUM}){_BOUND_UNIT}{_RANGE_SEP}(?P<hi>{_NUM}){_BOUND_UNIT}(?:\s{{0,20}}+[)\]])?)"
)
_P_OP = r"(?P<op>≤|≥|<=|>=|=<|=>|<|>|=|&lt;|&gt;|less\s{1,20}+than|greater\s{1,20}+than|below|under|of|was|is|:)"
_P_CORE = (
    r"(?<![A-Za-z0-9_])(?P<pname>[Pp](?:\s?-?\s?values?|\s?for\s{1,20}+(?:trend|interaction|heterogeneity)|"
    r"[\s_-]?(?:trend|interaction|het|heterogeneity))?)"
    rf"\s{{0,20}}+(?:{_P_OP}\s{{0,20}}+(?:(?P<pnum>{_POS_NUM}{_SCI}?|10\s?\^?\s?[{_MINUS}]\s?\d+)|(?P<pns>NS|n\.\s?s\.?))|"
    r"(?<=\s)(?P<pns2>NS))(?![\d]|[.·]\d)"
)


def _to_float(s: str) -> float:
    t = s.strip()
    for ch in _MINUS:
        t = t.replace(ch, "-")
    t = "".join(t.replace("·", ".").replace(",", ".").split())
    return float(t)


_SCI_RE = re.compile(rf"^(?P<m>{_POS_NUM})?\s?(?:[×xX*·]\s?)?10\s?(?:\^|\*\*)?\s?(?P<e>[{_MINUS}]\s?\d+)$")


def _p_float(s: str) -> float | None:
    t = s.strip()
    m = _SCI_RE.match(t)
    if m:
        mant = _to_float(m.group("m")) if m.group("m") else 1.0
        return mant * 10.0 ** _to_float(m.group("e"))
    if "e" in t or "E" in t:
        try:
            return float(t.replace("−", "-").replace("–", "-"))
        except ValueError:
            return None
    try:
        return _to_float(t)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------------------
# Whitespace runs inside a statistic are bounded and possessive (``\s{0,20}+``): every pattern runs in linear
# time whatever the input (``python -m benchmarks.growth``); a gap of more than 20 whitespace characters
# between the parts of one statistic is not read as one.

_DIGIT = re.compile(r"\d")

# Ratio names. Abbreviations are case-sensitive ("OR" is not "or"); long forms are not.
_RATIO_ABBR = r"(?:a|adj\.?\s?|s)?(?:HR|OR|RR|IRR|HRR|PR|SHR|sHR|RRR)s?|AOR|AHR|ARR"
_RATIO_LONG = (
    r"(?i:(?:adjusted\s{1,20}+|crude\s{1,20}+|pooled\s{1,20}+|summary\s{1,20}+|multivariable\s{1,20}+|multivariate\s{1,20}+)?"
    r"(?:sub-?distribution\s{1,20}+)?(?:hazards?\s{1,20}+ratios?|odds\s{1,20}+ratios?|relative\s{1,20}+risks?|risk\s{1,20}+ratios?|"
    r"(?:incidence\s{1,20}+)?rate\s{1,20}+ratios?|prevalence\s{1,20}+ratios?))"
)
_DIFF_ABBR = r"(?:W|S)?MDs?|RD|ARD|β"
_DIFF_LONG = (
    r"(?i:(?:weighted\s{1,20}+|standardi[sz]ed\s{1,20}+|adjusted\s{1,20}+|estimated\s{1,20}+|overall\s{1,20}+|pooled\s{1,20}+)?"
    r"(?:mean|median|risk|absolute|between[-\s]groups?|treatment|group)\s{1,20}+differences?|differences?|"
    r"(?:standardi[sz]ed\s{1,20}+|unstandardi[sz]ed\s{1,20}+)?(?:beta|regression)\s{1,20}+coefficients?)"
)
# Filler between a name and its value: "hazard ratio for death with drug X was 0.72".
_GAP = (
    r"(?:\s{0,20}+\((?:[A-Za-z]{1,5}|9[059]\s?%\s?CI|[A-Za-z]{1,5}\s?[;,]\s?9[059]\s?%\s?CI)\))?"
    r"(?:\s{0,20}+(?:=|:|,|;)\s{0,20}+|\s{1,20}+(?:[^\W\d_]|[\s/'’-]){0,90}?\b(?:was|were|is|are|of|estimated\s{1,20}+at|reached|"
    r"equal\s{1,20}+to)"
    r"(?:\s{0,20}+[:=])?\s{1,20}+|\s{0,20}+[(\[]\s{0,20}+|\s{1,20}+)"
)
_VALUE = rf"(?P<value>{_NUM})(?!/)(?!\s?%)"
_UNIT = r"(?:\s?(?!(?:to|and|or|vs|versus|[Pp])\b)(?:[A-Za-zµμ°²]{1,12}(?:/[A-Za-z]{1,6})?|%)){0,2}"
_TRAIL_P = rf"(?:\s{{0,20}}+[)\]]?\s{{0,20}}+(?:[,;:]\s{{0,20}}+)?(?:and\s{{1,20}}+)?{_P_CORE})"

_NAMED_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:(?P<ratio>{_RATIO_ABBR}|{_RATIO_LONG})|(?P<diff>{_DIFF_ABBR}|{_DIFF_LONG}))"
    rf"(?![A-Za-z])"
)
# After a name: a value (and optional CI), or a CI alone ("95% CI for the difference 1.9 to 11.7").
_AFTER_NAME_RE = re.compile(
    rf"{_GAP}{_VALUE}(?P<unit>{_UNIT})(?:{_CI})?"
    rf"|(?P<cionly>\s{{0,20}}+[,:]?\s{{0,20}}+[(\[]?\s{{0,20}}+{_CI_LABEL}(?P<lo2>{_NUM})\s?%?{_RANGE_SEP}(?P<hi2>{_NUM})\s?%?"
    rf"(?:\s{{0,20}}+[)\]])?)"
)
_CI_RAW_RE = re.compile(rf"\s{{0,20}}+[,:]?\s{{0,20}}+(?P<lo>{_NUM})\s?%?\s{{0,20}}+(?:to|[-–—,])\s{{0,20}}+"
                        rf"(?P<hi>{_NUM})\s?%?")
# "95% CI for the difference 1.9 to 11.7": the interval label comes before the name.
_CI_BEFORE_NAME_RE = re.compile(
    r"(?i:(?:9[059]\s?%\s?)?(?:CI|confidence\s{1,20}+intervals?|CrI)\s{1,20}+(?:for|of|on)\s{1,20}+(?:the\s{1,20}+)?)$"
)
_TRAIL_P_RE = re.compile(_TRAIL_P)
_CI_RE = re.compile(_CI)
_UNNAMED_CI_RE = re.compile(
    rf"(?:(?<![\w.·])(?P<value>{_NUM})(?!/)(?!\s?%){_UNIT}\s{{0,20}}+[,;]?\s{{0,20}}+[(\[]?\s{{0,20}}+)?(?P<label>{_CI_LABEL})"
    rf"(?P<lo>{_NUM}){_BOUND_UNIT}{_RANGE_SEP}(?P<hi>{_NUM}){_BOUND_UNIT}(?:\s{{0,20}}+[)\]])?"
)
# A percentage after these is a threshold ("a >=50% reduction" defines responders), not an effect.
_THRESHOLD_BEFORE_RE = re.compile(
    r"(?i:(?:≥|≤|>|<|=>|>=|<=|\bat\s{1,20}+least|\bmore\s{1,20}+than|\bless\s{1,20}+than|\bgreater\s{1,20}+than|\bover|\bunder)\s{0,20}+$"
    r"|\bdefined\s{1,20}+as\b[^.;]*$|\bdefinition\b[^.;]*$)"
)
_NEGATED_BEFORE_RE = re.compile(r"(?i:\b(?:no|not|any|without|nor|neither)\b(?:\s{1,20}+[\w-]+){0,3}\s{0,20}+)$")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Names that double as group labels ("group RD") or need context (β): a statistic only with an interval or p.
_NEEDS_CI = frozenset({"RD", "ARD", "PR", "RRR", "ARR", "β"})
_P_RE = re.compile(_P_CORE)
_NS_RE = re.compile(
    r"(?:\(\s?|[,;]\s?)(?:NS|ns|n\.\s?s\.|N\.\s?S\.)\s?\)|\b[nN]\.\s?[sS]\.(?!\w)"
    r"|^[ \t]*+(?:NS|ns|N\.S)[ \t]*+$",
    re.MULTILINE,
)

# Bare evidence-table fragments: "0.85 (0.65-1.12)".
_BARE_RE = re.compile(
    rf"(?<![\w.·±/%:=^-])(?P<value>{_POS_NUM})\s?[(\[]\s{{0,20}}+(?:{_CI_LABEL})?(?P<lo>{_POS_NUM})"
    rf"\s{{0,20}}+(?:to|[-–—‐‑,;]|\.\.)\s{{0,20}}+(?P<hi>{_POS_NUM})\s{{0,20}}+[)\]]"
)
# Words before or after "x (lo-hi)" that make it a summary of one arm (median and IQR, mean and range, a
# duration, a rate) rather than a ratio.
_BARE_VETO_BEFORE = re.compile(
    r"(?i:\b(?:medians?|means?|IQR|interquartile|ranges?|SDs?|s\.d\.|SE|SEM|aged?|years?|months?|weeks?|days?"
    r"|hours?|vs\.?|versus|rates?|scores?|levels?|times?|duration|durations)\b|±|\+/-|\bn\s?=)"
)
_BARE_VETO_AFTER = re.compile(
    r"\s{0,20}+(?i:%|(?:days?|d|h|hrs?|hours?|min|minutes?|s|sec|seconds?|years?|yrs?|months?|weeks?|wk|mg|µg|μg|kg"
    r"|g|ml|mL|l|L|mmHg|mm|cm|m|points?|vs\.?|versus|mmol|µmol|μmol|ng|pg|IU|U|bpm|beats)\b)"
)

# Percent changes.
_UP_VERBS = r"increas\w*|rais\w*|rose|ris(?:e|es|ing|en)|elevat\w*|grew|grow\w*|boost\w*|climb\w*|jump\w*|higher"
_DOWN_VERBS = (
    r"reduc\w*|decreas\w*|lower\w*|declin\w*|fell|fall\w*|dropp?\w*|cut|cuts|cutting|diminish\w*|"
    r"shrank|shrunk|slash\w*|less"
)
_QUAL = (
    r"(?:(?:about|approximately|approx\.?|nearly|almost|around|roughly|up\s{1,20}+to|over|more\s{1,20}+than|"
    r"an\s{1,20}+average\s{1,20}+of|a\s{1,20}+mean\s{1,20}+of|~|≈)\s{0,20}+)?"
)
_PCT_UNIT = r"(?P<unit>\s?%|\s?per\s?cent\b|\s?percentage\s{1,20}+points?\b|\s?pp\b|[-\s]?fold\b|\s?times\b)"
_PCT_VERB_BY_RE = re.compile(
    rf"(?i:\b(?:(?P<up>{_UP_VERBS})|(?P<down>{_DOWN_VERBS}))(?:\s{{1,20}}+[^\W\d_][\w'’-]*){{0,6}}?\s{{1,20}}+by\s{{1,20}}+{_QUAL})"
    rf"(?P<value>{_NUM}){_PCT_UNIT}"
)
_PCT_NOUN_OF_RE = re.compile(
    rf"(?i:\b(?:(?P<up>increase|rise|gain|elevation)|(?P<down>reduction|decrease|decline|drop|fall|cut))s?"
    rf"(?:\s{{1,20}}+(?:in|of)\s{{1,20}}+(?:[^\W\d_][\w'’-]*\s{{1,20}}+){{0,5}}?by|\s{{1,20}}+of)\s{{1,20}}+{_QUAL})"
    rf"(?P<value>{_NUM}){_PCT_UNIT}"
)
_PCT_BEFORE_RE = re.compile(
    rf"(?<![\w.·])(?P<value>{_NUM}){_PCT_UNIT}(?i:(?:\s{{0,20}}+\([^()]{{0,60}}\))?"
    rf"(?:\s{{1,20}}+(?:relative|absolute|risk|overall|net|mean|average|significant|statistically|non-?significant|"
    rf"greater|further|additional|drug-related)){{0,3}}\s{{0,20}}+"
    rf"(?:(?P<up>increase[sd]?|increasing|rise|gain|higher|more|greater|elevation|excess)|"
    rf"(?P<down>reduction|decrease[sd]?|decline|drop|fall|lower|less|fewer|smaller|cut|shortening)))\b"
)
_PCT_FROM_TO_RE = re.compile(
    rf"(?i:\b(?:{_UP_VERBS}|{_DOWN_VERBS}|chang\w*|went|moved)\s{{1,20}}+(?:[^\W\d_][\w'’-]*\s{{1,20}}+){{0,4}}?from\s{{1,20}}+)"
    rf"(?P<a>{_NUM})\s?%\s{{1,20}}+(?:to|at)\s{{1,20}}+(?P<b>{_NUM})\s?%"
)


# --------------------------------------------------------------------------------------------------------
# find_statistics
# --------------------------------------------------------------------------------------------------------


def _name_of(raw: str, kind: str) -> str:
    s = re.sub(r"\s{1,20}+", " ", raw.strip())
    if kind == "difference" and s.lower().rstrip("s") in {"difference"}:
        return "difference"
    if (s[:1].isupper() and s.isupper()) or any(c.isupper() for c in s[1:]):
        return s  # abbreviation as written (HR, aOR, SMD)
    return s.lower()


def _attached_p(m: re.Match[str]) -> float | None:
    if m.group("pnum"):
        return _p_float(m.group("pnum"))
    return None


def _trailing_p(text: str, end: int) -> tuple[float | None, int]:
    """A p-value right after a statistic ("..., p = 0.03)"): its value and where the statistic now ends."""
    t = _TRAIL_P_RE.match(text, end)
    return (_attached_p(t), t.end()) if t is not None else (None, end)


def _clean_text(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim unbalanced trailing brackets and whitespace from a matched span."""
    while end > start and text[end - 1].isspace():
        end -= 1
    frag = text[start:end]
    while (
        end > start
        and frag
        and frag[-1] in ")]"
        and (frag.count("(") + frag.count("[") < frag.count(")") + frag.count("]"))
    ):
        end -= 1
        frag = text[start:end]
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    stat: Statistic


def _named(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    pos = 0
    while True:
        m = _NAMED_RE.search(text, pos)
        if m is None:
            break
        kind = "ratio" if m.group("ratio") else "difference"
        raw = m.group("ratio") or m.group("diff")
        name = _name_of(raw, kind)
        label = _CI_BEFORE_NAME_RE.search(text, max(0, m.start() - 50), m.start())
        raw_ci = _CI_RAW_RE.match(text, m.end()) if label is not None else None
        if label is not None and raw_ci is not None:
            # "95% CI for the difference -9.5 to -1.2": an interval without a point estimate.
            lo, hi = sorted((_to_float(raw_ci.group("lo")), _to_float(raw_ci.group("hi"))))
            end = raw_ci.end()
            p, end = _trailing_p(text, end)
            start, end = _clean_text(text, label.start(), end)
            hits.append(_Hit(start, end, Statistic(kind, name, None, lo, hi, p, text[start:end])))
            pos = end
            continue
        a = _AFTER_NAME_RE.match(text, m.end())
        if a is None or (name.islower() and _NEGATED_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())):
            pos = m.end()
            continue
        # A bare "difference" takes its value from close by only ("difference of 3.2", "difference between
        # groups was -2"), not from "difference in time to reach a score of 10".
        if (
            name == "difference"
            and a.group("value") is not None
            and len(_WORD_RE.findall(text, m.end(), a.start("value"))) > 5
        ):
            pos = m.end()
            continue
        start, end = m.start(), a.end()
        if a.group("cionly") is not None:
            lo, hi = _to_float(a.group("lo2")), _to_float(a.group("hi2"))
            value = None
        else:
            value = _to_float(a.group("value"))
            if kind == "ratio" and value < 0:
                pos = m.end()
                continue
            lo = _to_float(a.group("lo")) if a.group("lo") else None
            hi = _to_float(a.group("hi")) if a.group("hi") else None
            if lo is None:
                # no interval: the text ends at the value, or at a p-value right after the unit
                end = a.end("unit") if _TRAIL_P_RE.match(text, a.end("unit")) else a.end("value")
            if lo is not None and hi is not None and value is not None and not (min(lo, hi) <= value <= max(lo, hi)):
                # Not an interval around this value: keep the value only.
                lo = hi = None
                end = a.end("unit")
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        p, end_with_p = _trailing_p(text, end)
        has_p = end_with_p != end
        end = end_with_p
        if (kind == "ratio" and lo is not None and lo < 0) or (name in _NEEDS_CI and lo is None and not has_p):
            pos = m.end()
            continue
        start, end = _clean_text(text, start, end)
        hits.append(_Hit(start, end, Statistic(kind, name, value, lo, hi, p, text[start:end])))
        pos = max(end, m.end() + 1)
    return hits


def _plausible_ratio(text: str, start: int, end: int, value: float, lo: float, hi: float, raw: tuple[str, ...]) -> bool:
    """Is a bare "x (lo-hi)" plausibly a ratio with its CI?

    Ratios are written with decimals, are positive, and their intervals are symmetric on the log scale
    (more so than on the linear scale, which is where a mean's interval is symmetric)."""
    if not (0 < lo < value < hi) or hi > 100 or value > 50:
        return False
    if not all(any(c in r for c in ".·,") for r in raw):
        return False
    if _BARE_VETO_BEFORE.search(text, max(0, start - 40), start) or _BARE_VETO_AFTER.match(text, end):
        return False
    d1, d2 = math.log(value / lo), math.log(hi / value)
    a1, a2 = value - lo, hi - value
    log_skew, lin_skew = abs(math.log(d1 / d2)), abs(math.log(a1 / a2))
    return log_skew <= math.log(1.8) and log_skew <= lin_skew + 0.15


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def _bare(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _BARE_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        try:
            value, lo, hi = (_to_float(m.group(g)) for g in ("value", "lo", "hi"))
        except ValueError:
            continue
        raw = (m.group("value"), m.group("lo"), m.group("hi"))
        if not _plausible_ratio(text, m.start(), m.end(), value, lo, hi, raw):
            continue
        end = m.end()
        p, end = _trailing_p(text, end)
        s, e = _clean_text(text, m.start(), end)
        hits.append(_Hit(s, e, Statistic("ratio", "", value, lo, hi, p, text[s:e])))
    return hits


def _unnamed_intervals(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    """A labelled interval without a name: "-70 ml/min, 95% CI -115 to -26". A bound below zero makes it a
    difference (a ratio is never negative)."""
    hits: list[_Hit] = []
    for m in _UNNAMED_CI_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        lo, hi = sorted((_to_float(m.group("lo")), _to_float(m.group("hi"))))
        if lo >= 0:
            continue
        value = _to_float(m.group("value")) if m.group("value") else None
        start = m.start("value") if value is not None else m.start("label")
        if value is not None and not lo <= value <= hi:
            value, start = None, m.start("label")
        end = m.end()
        p, end = _trailing_p(text, end)
        s, e = _clean_text(text, start, end)
        hits.append(_Hit(s, e, Statistic("difference", "", value, lo, hi, p, text[s:e])))
    return hits


def _percent(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    hits: list[_Hit] = []
    local: list[tuple[int, int]] = []
    for rx in (_PCT_FROM_TO_RE, _PCT_VERB_BY_RE, _PCT_NOUN_OF_RE, _PCT_BEFORE_RE):
        for m in rx.finditer(text):
            if _overlaps(taken, m.start(), m.end()) or _overlaps(local, m.start(), m.end()):
                continue
            if _THRESHOLD_BEFORE_RE.search(text, max(0, m.start() - 60), m.start()):
                continue
            if rx is _PCT_FROM_TO_RE:
                a, b = _to_float(m.group("a")), _to_float(m.group("b"))
                value: float = b - a
                name = "percentage points"
            else:
                v = abs(_to_float(m.group("value")))
                unit = m.group("unit").strip().lower()
                down = m.group("down") is not None
                if "fold" in unit or "times" in unit:
                    if v <= 0:
                        continue
                    name = "fold"
                    if down:
                        value = (1.0 / v - 1.0) * 100.0 if v > 1 else -v * 100.0
                    else:
                        value = (v - 1.0) * 100.0 if v > 1 else v * 100.0
                else:
                    name = "percentage points" if unit.startswith(("percentage", "pp")) else "%"
                    value = -v if down else v
            end = m.end()
            lo = hi = None
            c = _CI_RE.match(text, end)
            if c is not None and name != "fold":
                clo, chi = sorted((_to_float(c.group("lo")), _to_float(c.group("hi"))))
                if clo <= value <= chi:
                    lo, hi = clo, chi
                elif clo <= -value <= chi:  # "a 6% reduction (95% CI -1 to 12%)": interval of the magnitude
                    lo, hi = -chi, -clo
                end = c.end()
            p, end = _trailing_p(text, end)
            s, e = _clean_text(text, m.start(), end)
            local.append((s, e))
            stat = Statistic("percent_change", name, round(value, 6), lo, hi, p, text[s:e])
            hits.append(_Hit(s, e, stat))
    return hits


def _pvalues(text: str, taken: list[tuple[int, int]]) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _P_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        pname = re.sub(r"[\s_-]+", " ", m.group("pname").lower()).strip()
        name = "p" if pname in {"p", "p value", "p values", "pvalue", "pvalues"} else pname.replace(" ", "-")
        if m.group("pnum"):
            v = _p_float(m.group("pnum"))
            if v is None or v > 1 or v < 0:
                continue
            op = (m.group("op") or "").lower()
            if op in {"of", "was", "is", ":"} and not pname.startswith("p value") and pname != "p":
                continue
            s, e = _clean_text(text, m.start(), m.end())
            hits.append(_Hit(s, e, Statistic("p", name, v, None, None, v, text[s:e])))
        else:
            s, e = _clean_text(text, m.start(), m.end())
            hits.append(_Hit(s, e, Statistic("p", "NS", None, None, None, None, text[s:e])))
    for m in _NS_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()) or any(h.start <= m.start() < h.end for h in hits):
            continue
        hits.append(_Hit(m.start(), m.end(), Statistic("p", "NS", None, None, None, None, m.group(0))))
    return hits


@lru_cache(maxsize=256)
def find_statistics(text: str) -> tuple[Statistic, ...]:
    """All statistics of ``text`` in text order: ratios, differences, percent changes and p-values. Memoised
    for the last sentences: the tagger asks for one sentence's statistics at several steps (whether to parse
    it, its claims, their directions)."""
    if not text:
        return ()
    if _DIGIT.search(text) is None:
        # Cheap path: without a digit only a bare "NS" / "n.s." can be a statistic.
        if "NS" not in text and "n.s." not in text:
            return ()
        return tuple(h.stat for h in _pvalues(text, []))
    hits = _named(text)
    taken = [(h.start, h.end) for h in hits]
    for finder in (_percent, _bare, _unnamed_intervals):
        new = finder(text, taken)
        hits.extend(new)
        taken.extend((h.start, h.end) for h in new)
    hits.extend(_pvalues(text, taken))
    hits.sort(key=lambda h: (h.start, h.end))
    return tuple(h.stat for h in hits if _finite(h.stat))


def _finite(stat: Statistic) -> bool:
    """Whether every number of ``stat`` is finite: a value that overflows a float ("1e999%", a 400-digit
    percentage) is not a statistic claimx can compare or write as JSON, so it is dropped."""
    return all(x is None or math.isfinite(x) for x in (stat.value, stat.ci_low, stat.ci_high, stat.p))


# --------------------------------------------------------------------------------------------------------
# direction_from_statistics
# --------------------------------------------------------------------------------------------------------

_OP_IN_TEXT = re.compile(_P_CORE)


def _p_significance(stat: Statistic) -> bool | None:
    """True: p < alpha; False: p >= alpha (or NS); None: no p, uninformative bound, or not an effect p."""
    if stat.name == "NS":
        return False
    if stat.kind == "p" and stat.name not in {"p"}:
        return None  # p for trend / interaction / heterogeneity says nothing about the main effect
    if stat.p is None and stat.kind != "p":
        return None
    found = list(_OP_IN_TEXT.finditer(stat.text))
    m = found[-1] if found else None  # the last p in the text is the attached one
    if m is None:
        return None if stat.p is None else stat.p < ALPHA
    if m.group("pns") or m.group("pns2"):
        return False
    v = _p_float(m.group("pnum")) if m.group("pnum") else stat.p
    if v is None:
        return None
    op = (m.group("op") or "=").lower()
    if op in {"<", "&lt;", "less than", "below", "under", "≤", "<=", "=<"}:
        return True if v <= ALPHA else None
    if op in {">", "&gt;", "greater than", "≥", ">=", "=>"}:
        return False if v >= ALPHA else None
    return v < ALPHA


def _interval_direction(lo: float, hi: float, null: float) -> StatDirection | None:
    if lo < null < hi:
        return "no_change"
    if lo == null or hi == null:
        return None  # touches the null: undecided by the interval alone
    return "decrease" if hi < null else "increase"


def _one_direction(stat: Statistic) -> tuple[StatDirection | Literal["significant"] | None, bool]:
    """(direction, has_ci) of one statistic. ``significant`` marks a p < alpha without a direction."""
    sig = _p_significance(stat)
    if stat.kind == "p":
        if sig is None:
            return None, False
        return ("significant" if sig else "no_change"), False
    null = 1.0 if stat.kind == "ratio" else 0.0
    has_ci = stat.ci_low is not None and stat.ci_high is not None
    if sig is False:
        return "no_change", has_ci
    if stat.ci_low is not None and stat.ci_high is not None:
        d = _interval_direction(stat.ci_low, stat.ci_high, null)
        if d == "no_change":
            return d, True
        if d is None:  # the interval touches the null: a significant p decides, else no change
            if sig is not True or stat.value is None:
                return "no_change", True
        elif stat.value is None:
            return d, True
    if stat.value is None:
        return None, has_ci
    if stat.value == null:
        return "no_change", has_ci
    return ("decrease" if stat.value < null else "increase"), has_ci


def direction_from_statistics(stats: Sequence[Statistic]) -> StatDirection | None:
    """The direction the numbers give, or None.

    A ratio whose CI spans 1, a difference (or percent change) whose CI spans 0, or p >= 0.05 / NS give
    ``no_change``; otherwise the side of the null gives the direction: ratio < 1 or a negative difference or
    percent change is a decrease. A p < 0.05 alone gives None (significant, direction unknown: the caller uses
    the wording). When statistics disagree, one with a confidence interval wins, then the first; a value
    without interval or p of its own is read as ``no_change`` when every p-value of the sentence is >= 0.05.
    """
    with_ci: list[StatDirection] = []
    valued: list[tuple[StatDirection, bool]] = []  # (direction, has its own p)
    p_only: list[StatDirection | Literal["significant"]] = []
    for st in stats:
        d, has_ci = _one_direction(st)
        if d is None:
            continue
        if d == "significant" or st.kind == "p":
            p_only.append(d)
        elif has_ci:
            with_ci.append(d)
        else:
            valued.append((d, st.p is not None or st.name == "NS"))
    if with_ci:
        return with_ci[0]
    if valued:
        d, own_p = valued[0]
        if not own_p and p_only and all(x == "no_change" for x in p_only):
            return "no_change"
        return d
    if p_only and all(x == "no_change" for x in p_only):
        return "no_change"
    return None


# --------------------------------------------------------------------------------------------------------
# paired values
# --------------------------------------------------------------------------------------------------------

_BRACKETED = re.compile(r"\([^()]{0,200}\)|\[[^\[\]]{0,200}\]")
PAIR_GAP = 80  # characters at most between the two values of a pair


@cache
def _pair_words() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """The label words, the joins of a pair, and the value pattern (a number, "± SD", a unit that is none of
    ``value_non_units``), from ``statistics.yaml``."""
    with open(model_path("patterns", "statistics.yaml"), encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    labels = frozenset(str(w).lower() for w in data.get("value_label_words", []))
    joins = [str(w) for w in data.get("value_pair_joins", [])]
    words = _alt([w for w in joins if w[0].isalpha()])
    marks = "".join(re.escape(w) for w in joins if not w[0].isalpha())
    non_units = _alt([str(w) for w in data.get("value_non_units", [])])
    value = re.compile(rf"(?<![\w.,·])(?P<v>{_UNSIGNED})\s?(?:±\s?{_UNSIGNED}\s?)?"
                       rf"(?P<unit>%|(?!(?i:{non_units})\b)[A-Za-zµμ/]{{1,8}}+(?![A-Za-z]))?")
    return labels, re.compile(rf"(?i)(?:\b(?:{words})(?!\w)|[{marks}])"), value


@dataclass(frozen=True, slots=True)
class PairedValues:
    """Two values of a result, one per arm, in the order the sentence gives them."""

    direction: StatDirection  # of the first value against the second (``no_change`` when p >= 0.05)
    second_start: int  # character offset of the second value
    control_first: bool  # the arm named with the first value is the control ("in the placebo group")

    def for_arm_at(self, start: int | None) -> StatDirection:
        """The direction for the arm named at character ``start``: the second arm when it comes after the
        second value ("3.1% with X and 7.2% with Y": Y), else the first; for no named arm, the arm that is not
        the control."""
        if self.direction not in ("increase", "decrease"):
            return self.direction
        second = self.control_first if start is None else start >= self.second_start
        return _flip(self.direction) if second else self.direction


def paired_values(text: str, statistics: Sequence[Statistic]) -> PairedValues | None:
    """A result stated as two values, one per arm, and a p-value ("The time to expulsion was 9.5 and 14.7 days
    in groups 1 and 2, respectively (p = 0.005)", "3.1% in the X group and 7.2% in the placebo group,
    p = 0.01"), or None.

    The values are the first two of the same unit (or with the unit after the second only: "0.5 and 1.6 days"),
    joined by "and", "vs", a comma ... (``value_pair_joins``), outside brackets, intervals and p-values, and not
    labels ("group 1", ``value_label_words``). A p-value at or above 0.05 gives ``no_change``; equal values give
    None."""
    ps = [st.p if st.p is not None else st.value for st in statistics if st.kind == "p" or st.p is not None]
    ps = [p for p in ps if p is not None]
    if not ps:
        return None
    masked = _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)
    for st in statistics:  # intervals, ratios and p-values are not the arms' values
        k = masked.find(st.text) if st.text else -1
        if k >= 0:
            masked = masked[:k] + " " * len(st.text) + masked[k + len(st.text):]
    labels, joins, value = _pair_words()
    values: list[tuple[int, int, float, str]] = []
    for m in value.finditer(masked):
        before = masked[max(0, m.start() - 12):m.start()].split()
        if before and before[-1].lower().strip(",;:") in labels:
            continue
        values.append((m.start(), m.end(), _to_float(m.group("v")), (m.group("unit") or "").lower()))
    for a, b in pairwise(values):
        between = masked[a[1]:b[0]]
        # the unit may be given once, after the second value ("0.5 and 1.6 days")
        if (a[3] != b[3] and a[3]) or len(between) > PAIR_GAP or not joins.search(between):
            continue
        if a[2] == b[2]:
            return None
        direction: StatDirection = "no_change" if min(ps) >= ALPHA else ("increase" if a[2] > b[2] else "decrease")
        arm = _lexicon().arm_re.search(masked[max(0, a[0] - 40):b[0]])  # named before the first value or after it
        return PairedValues(direction, b[0], arm is not None and arm.group("ctl") is not None)
    return None


def paired_direction(text: str, statistics: Sequence[Statistic]) -> StatDirection | None:
    """The direction ``paired_values`` gives for the arm that is not the control, or None."""
    pair = paired_values(text, statistics)
    return pair.for_arm_at(None) if pair is not None else None


# --------------------------------------------------------------------------------------------------------
# comparative_direction
# --------------------------------------------------------------------------------------------------------


def _alt(words: Sequence[str]) -> str:
    parts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"\s{1,20}+".join(re.escape(t) for t in p.split()) for p in parts)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    word_re: re.Pattern[str]  # comparative and change words, "greater reduction" compounds
    up: frozenset[str]
    down: frozenset[str]
    mag_up: frozenset[str]
    mag_down: frozenset[str]
    change_up: frozenset[str]
    change_down: frozenset[str]
    arm_re: re.Pattern[str]
    marker_re: re.Pattern[str]
    no_change_re: re.Pattern[str]
    context_re: re.Pattern[str]
    generic_arm_words: frozenset[str]
    change_words: frozenset[str]
    mag_words: frozenset[str]
    gap_words: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    with open(model_path("patterns", "statistics.yaml"), encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    words = [w.lower() for w in data["increase_words"] + data["decrease_words"]]
    mags = data["magnitude_up"] + data["magnitude_down"]
    changes = data["change_up"] + data["change_down"]
    word_re = re.compile(
        # not after "or": "(50% or more)", "grade 2 or higher" are thresholds
        rf"(?<!\bor\s)\b(?:(?P<mag>{_alt(mags)})\s{{1,20}}+(?:[\w-]+\s{{1,20}}+)?(?P<chg>{_alt(changes)})|(?P<w>{_alt(words)}))\b"
        # "more than 50%", "less than 0.05", "more or less" are not comparisons of arms
        r"(?!\s{1,20}+than\s{1,20}+[~≈<>≤≥]?\s{0,20}+\d)(?!\s{1,20}+(?:or\s{1,20}+less|or\s{1,20}+more|and\s{1,20}+more|of\s{1,20}+the)\b)",
        re.IGNORECASE,
    )
    nouns = _alt(data["arm_nouns"])
    strong = _alt(data["control_arms"])
    weak = _alt(data["weak_control_arms"])
    interv = _alt(data["intervention_arms"])
    markers = _alt(data["comparator_markers"])
    arm_re = re.compile(
        rf"\b(?:(?P<ctl>{strong})(?:[-\s]+(?:treated\s{{1,20}}+)?(?:{nouns}))?"
        rf"|(?P<weak>{weak})[-\s]+(?:{nouns})|(?P<int>{interv})[-\s]+(?:{nouns})|(?P<weakbare>{weak}))\b",
        re.IGNORECASE,
    )
    return _Lexicon(
        word_re=word_re,
        up=frozenset(w.lower() for w in data["increase_words"]),
        down=frozenset(w.lower() for w in data["decrease_words"]),
        mag_up=frozenset(w.lower() for w in data["magnitude_up"]),
        mag_down=frozenset(w.lower() for w in data["magnitude_down"]),
        change_up=frozenset(w.lower() for w in data["change_up"]),
        change_down=frozenset(w.lower() for w in data["change_down"]),
        change_words=frozenset(w.lower() for w in data["change_up"] + data["change_down"]),
        mag_words=frozenset(w.lower() for w in data["magnitude_up"] + data["magnitude_down"]),
        arm_re=arm_re,
        gap_words=frozenset(str(w).lower() for w in data.get("comparator_gap_words", [])),
        marker_re=re.compile(rf"(?<!\w)(?:{markers})(?!\w)", re.IGNORECASE),
        no_change_re=re.compile("|".join(f"(?:{p})" for p in data["no_change_phrases"]), re.IGNORECASE),
        context_re=re.compile(rf"\b(?:{nouns}|{markers}|{strong})\b", re.IGNORECASE),
        generic_arm_words=frozenset(
            str(w).lower()
            for key in (
                "arm_nouns",
                "intervention_arms",
                "control_arms",
                "weak_control_arms",
                "name_stopwords",
            )
            for w in data.get(key, [])
        ),
    )


def is_control_arm(text: str) -> bool:
    """Whether a phrase names the comparison arm ("the placebo group", "controls", "usual care"), not the
    intervention arm."""
    bare = re.sub(r"^(?:the|a|an|those|these|this|that)\s+", "", text.strip(), flags=re.IGNORECASE)
    a = _lexicon().arm_re.match(bare)  # the phrase is the arm ("the placebo group"), not one that names it
    return a is not None and a.group("int") is None and a.group("weakbare") is None


def ends_with_comparator(text: str) -> bool:
    """Whether ``text`` ends with a comparator marker ("... than", "compared with", "versus"): what follows it
    is the comparison arm."""
    words = text.split()
    while words:
        joined = " ".join(words)
        if any(m.end() == len(joined) for m in _lexicon().marker_re.finditer(joined)):
            return True
        if words[-1].lower() not in _lexicon().gap_words:
            return False
        words.pop()  # "than in the", "compared with those in"
    return False


_SIGNIF_RE = re.compile(r"\bsignifican\w*", re.IGNORECASE)
_NEGATION_BEFORE_RE = re.compile(r"\b(?:not|no|n[’']t|neither|nor|never|without)\s{1,20}+(?:[\w-]+\s{1,20}+){0,2}$",
                                 re.IGNORECASE)
# Clause boundaries: sentence ends (not "vs." / "et al." / "Fig."), semicolons, line breaks and contrastive
# conjunctions. Arms are read within the clause of the comparative word.
_CLAUSE_RE = re.compile(
    r"(?<!\bvs)(?<!\bv)(?<!\bal)(?<!\bFig)(?<!\bfig)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)\.(?=\s|$)|[;\n]"
    r"|,?(?<!\s)\s++(?=(?:whereas|while|but|however|although|though|yet)\b)",
    re.IGNORECASE,
)
_ALL_ARMS_RE = re.compile(
    r"\b(?:both|all|each|either)\s{1,20}+(?:of\s{1,20}+)?(?:the\s{1,20}+)?(?:[\w-]+\s{1,20}+)?(?:groups?|arms?|treatments?|regimens?|"
    r"diets?|conditions?|interventions?|modalities|doses)\b|\bin\s{1,20}+both\b|\bboth\s{1,20}+(?:the\s{1,20}+)?[\w-]+\s{1,20}+and\b",
    re.IGNORECASE,
)
_WITHIN_ARM_RE = re.compile(r"chang|alter|affect|effect|influenc", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\b(?:between|both|either|groups|arms|all)\b", re.IGNORECASE)
_MARKER_GAP_RE = re.compile(r"\s{0,20}+(?:(?:in|with|to|of|for|among)\s{1,20}+)?"
                            r"(?:the\s{1,20}+|those\s{1,20}+|that\s{1,20}+)?")
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*[A-Za-z0-9+]|[A-Z]")


def _word_direction(lex: _Lexicon, m: re.Match[str]) -> StatDirection | None:
    if m.group("mag"):
        mag = re.sub(r"\s{1,20}+", " ", m.group("mag").lower())
        chg = m.group("chg").lower()
        sign_mag = 1 if mag in lex.mag_up else -1
        sign_chg = 1 if chg in lex.change_up else -1
        return "increase" if sign_mag * sign_chg > 0 else "decrease"
    w = m.group("w").lower()
    if w in lex.up:
        return "increase"
    if w in lex.down:
        return "decrease"
    return None


def _flip(d: StatDirection) -> StatDirection:
    if d == "increase":
        return "decrease"
    if d == "decrease":
        return "increase"
    return d


def _clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_RE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


@cache
def _name_re(name: str, generic: frozenset[str]) -> re.Pattern[str] | None:
    """A pattern for the distinctive words of an arm name ("8 mg of ondansetron" -> ondansetron)."""
    tokens = {t for t in _TOKEN_RE.findall(name) if t.lower() not in generic and (len(t) >= 3 or t.isupper())}
    if not tokens:
        return None
    alt = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    # "non-X" / "no X" / "without X" name the other arm
    return re.compile(rf"(?<![\w-])(?P<neg>(?:non|no|without)[-\s]+)?(?:{alt})(?![\w-])", re.IGNORECASE)


def _right_after(text: str, marker_end: int, start: int) -> bool:
    """Is ``start`` right after a marker, give or take "(in) the"?"""
    if start < marker_end:
        return False
    m = _MARKER_GAP_RE.match(text, marker_end, start)
    return m is not None and m.end() == start


def _arm_roles(
    lex: _Lexicon,
    text: str,
    clause: tuple[int, int],
    comparatives: list[int],
    names: tuple[re.Pattern[str] | None, re.Pattern[str] | None],
) -> tuple[bool, bool, bool, bool]:
    """Which arms the clause names, as subject or as comparator.

    An arm is in comparator position when a comparator marker ("than", "compared with", "versus") precedes it
    in the clause with no comparative word in between; otherwise it is the subject of the comparison."""
    cs, ce = clause
    markers = [(m.start(), m.end()) for m in lex.marker_re.finditer(text, cs, ce)]
    mentions: list[tuple[int, int, bool]] = []  # (start, end, is_control)
    for a in lex.arm_re.finditer(text, cs, ce):
        # "control" alone is an arm only right after a marker ("than control", "versus control").
        if a.group("weakbare") is not None and not any(_right_after(text, me, a.start()) for _, me in markers):
            continue
        mentions.append((a.start(), a.end(), a.group("int") is None))
    for rx, is_ctl in ((names[0], False), (names[1], True)):
        if rx is not None:
            mentions.extend((m.start(), m.end(), is_ctl != bool(m.group("neg"))) for m in rx.finditer(text, cs, ce))
    return _roles(mentions, markers, comparatives)


def _roles(
    mentions: list[tuple[int, int, bool]], markers: list[tuple[int, int]], comparatives: list[int]
) -> tuple[bool, bool, bool, bool]:
    """(focal control, focal intervention, comparator control, comparator intervention)."""
    focal_ctl = focal_int = comp_ctl = comp_int = False
    markers = sorted(markers)  # non-overlapping, so ends are sorted too
    m_starts = [s for s, _ in markers]
    m_ends = [e for _, e in markers]
    comps = sorted(comparatives)
    for start, end, is_ctl in mentions:
        k = bisect.bisect_left(m_starts, end) - 1
        if k >= 0 and m_ends[k] > start:
            continue  # the mention is part of a marker
        # The nearest marker before the mention, with no comparative word in between.
        j = bisect.bisect_right(m_ends, start) - 1
        comparator = False
        if j >= 0:
            c = bisect.bisect_left(comps, m_ends[j])
            comparator = c == len(comps) or comps[c] >= start
        if comparator:
            comp_ctl |= is_ctl
            comp_int |= not is_ctl
        elif is_ctl:
            focal_ctl = True
        else:
            focal_int = True
    return focal_ctl, focal_int, comp_ctl, comp_int


def _flip_for(focal_ctl: bool, focal_int: bool, comp_ctl: bool, comp_int: bool) -> bool:
    """Should a direction be flipped to read relative to the intervention arm?

    Yes when the control arm is the subject (and the intervention arm is not), or when the only arm named is
    the intervention arm in comparator position ("pain was lower than in the treated group")."""
    if focal_ctl and not focal_int:
        return True
    return not focal_ctl and not focal_int and comp_int and not comp_ctl


def _clause_p_significant(text: str, clause: tuple[int, int]) -> bool:
    for m in _P_RE.finditer(text, clause[0], clause[1]):
        if m.group("pnum"):
            v = _p_float(m.group("pnum"))
            op = (m.group("op") or "=").lower()
            if v is not None and (v < ALPHA or (v == ALPHA and op in {"<", "&lt;", "less than", "below"})):
                return True
    return False


def comparative_direction(
    text: str, *, intervention: str | None = None, comparator: str | None = None
) -> StatDirection | None:
    """Direction of a comparison between arms, read relative to the intervention arm, or None.

    "was significantly higher in the intervention group than in the placebo group" -> increase;
    "the placebo group had higher pain than the ketamine group" -> decrease (the control arm is the subject);
    "did not differ between groups", "no significant difference", "similar in both groups" -> no_change.
    ``intervention`` / ``comparator`` (optional) name the arms, so that "higher in the ondansetron group" can
    be placed when the arm words ("placebo", "control", ...) are absent.
    """
    if not text:
        return None
    lex = _lexicon()
    no_change_matches = list(lex.no_change_re.finditer(text))
    matches = list(lex.word_re.finditer(text))
    if not matches and not no_change_matches:
        return None
    clauses = _clauses(text)
    generic = lex.generic_arm_words
    names = (
        _name_re(intervention, generic) if intervention else None,
        _name_re(comparator, generic) if comparator else None,
    )
    comps = [x.start() for x in matches]
    starts = [c[0] for c in clauses]
    roles_cache: dict[tuple[int, int], tuple[bool, bool, bool, bool]] = {}
    p_cache: dict[tuple[int, int], bool] = {}

    def clause_of(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        return clauses[i] if i >= 0 and pos < clauses[i][1] else (0, len(text))

    def roles(clause: tuple[int, int]) -> tuple[bool, bool, bool, bool]:
        if clause not in roles_cache:
            inside = [c for c in comps if clause[0] <= c < clause[1]]
            roles_cache[clause] = _arm_roles(lex, text, clause, inside, names)
        return roles_cache[clause]

    only_cache: dict[tuple[int, int], bool] = {}
    all_cache: dict[tuple[int, int], bool] = {}

    def all_arms(clause: tuple[int, int]) -> bool:
        if clause not in all_cache:
            all_cache[clause] = (
                _ALL_ARMS_RE.search(text, clause[0], clause[1]) is not None
                and lex.marker_re.search(text, clause[0], clause[1]) is None
            )
        return all_cache[clause]

    def control_only(clause: tuple[int, int]) -> bool:
        # "the control group did not change": a statement about the control arm alone, not a comparison
        if clause not in only_cache:
            focal_ctl, focal_int, comp_ctl, comp_int = roles(clause)
            only_cache[clause] = (
                focal_ctl
                and not (focal_int or comp_ctl or comp_int)
                and _BETWEEN_RE.search(text, clause[0], clause[1]) is None
            )
        return only_cache[clause]

    # "did not change" of the control arm alone is no comparison; "no difference" always is
    no_change = [
        m.start()
        for m in no_change_matches
        if not (_WITHIN_ARM_RE.search(m.group(0)) and control_only(clause_of(m.start())))
    ]
    found: list[tuple[StatDirection, bool, int]] = []  # (direction, significance-marked, position)
    for i, m in enumerate(matches):
        d = _word_direction(lex, m)
        if d is None:
            continue
        clause = clause_of(m.start())
        if m.group("w") and m.group("w").lower() in lex.change_words:
            # "the reduction in X was greater ...": the later magnitude word composes with this noun.
            nxt = matches[i + 1] if i + 1 < len(matches) else None
            if (
                nxt is not None
                and nxt.start() < clause[1]
                and nxt.start() - m.end() <= 80
                and nxt.group("w")
                and nxt.group("w").lower() in lex.mag_words
            ):
                continue
        if m.group("w") and m.group("w").lower() in lex.mag_words and i > 0:
            prev = matches[i - 1]
            if (
                prev.start() >= clause[0]
                and m.start() - prev.end() <= 80
                and prev.group("w")
                and prev.group("w").lower() in lex.change_words
            ):
                up_mag = m.group("w").lower() in lex.mag_up
                up_chg = prev.group("w").lower() in lex.change_up
                d = "increase" if up_mag == up_chg else "decrease"
        if no_change and all_arms(clause):
            # "increased in both groups, with no difference between groups": a change within every arm
            continue
        if _NEGATION_BEFORE_RE.search(text, max(clause[0], m.start() - 40), m.start()):
            if not control_only(clause):
                found.append(("no_change", False, m.start()))
            continue
        sig = _SIGNIF_RE.search(text, max(clause[0], m.start() - 40), min(clause[1], m.end() + 20)) is not None
        if not sig:
            if clause not in p_cache:
                p_cache[clause] = _clause_p_significant(text, clause)
            sig = p_cache[clause]
        if _flip_for(*roles(clause)):
            d = _flip(d)
        found.append((d, sig, m.start()))
        if sig:
            break  # later words cannot change the outcome: the first significance-marked one wins
    directional = [f for f in found if f[0] != "no_change"]
    significant = [f for f in directional if f[1]]
    nc_positions = no_change + [f[2] for f in found if f[0] == "no_change"]
    if nc_positions and (not significant or min(nc_positions) < significant[0][2]):
        return "no_change"
    if not directional:
        return None
    if lex.context_re.search(text) is None and not any(rx is not None and rx.search(text) for rx in names):
        return None
    return (significant or directional)[0][0]
