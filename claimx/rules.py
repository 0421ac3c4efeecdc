"""claimx's rules as data, and rule selection.

Each rule is described by one YAML file in ``models/rules/`` (``CX101.yaml`` ...): its stable code, name,
default severity, flag, a one-line message template and four short documentation parts (what it does, why it
matters, an example, what to write instead).

Selection follows ruff: ``select`` replaces the default set (all rules), ``extend-select`` adds to it,
``ignore`` removes from it, and for each code the most specific matching selector (the longest prefix) wins;
when a select and an ignore selector are equally specific, the ignore wins. Selectors are full codes
(``CX101``), prefixes (``CX1``, ``CX``) or ``ALL``. Several layers (e.g. the config file, then the command
line) are applied in order; a layer with its own ``select`` starts afresh, as in ruff.
"""

from __future__ import annotations

import string
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from claimx.paths import model_path
from claimx.records import Finding

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
ALL = "ALL"

_REQUIRED = ("code", "name", "severity", "message", "what", "why", "example", "instead")


class RuleFileError(RuntimeError):
    """A shipped rule file is broken (a packaging bug, not a user error)."""


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    flag: str | None
    message: str
    what: str
    why: str
    example: str
    instead: str
    short: str = ""  # a terser template for the editor's table (falls back to ``message``)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The ``{placeholders}`` of the message template, in order."""
        names = [f for _, f, _, _ in string.Formatter().parse(self.message) if f]
        return tuple(dict.fromkeys(names))

    def format_message(self, **fields: object) -> str:
        """Fill the message template; missing placeholders are left as ``{name}``. Always one line."""
        text = self.message.format_map(_Blank({k: str(v) for k, v in fields.items()}))
        return " ".join(text.split())

    def format_short(self, **fields: object) -> str:
        """Fill the short template (the table's message, without the claim it is about)."""
        text = (self.short or self.message).format_map(_Blank({k: str(v) for k, v in fields.items()}))
        return " ".join(text.split())

    @property
    def short_description(self) -> str:
        """The first sentence of ``what``."""
        what = " ".join(self.what.split())
        cut = what.find(". ")
        return what if cut < 0 else what[: cut + 1]


def _load_rule(path: Path) -> Rule:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path.name}: cannot read rule file: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path.name}: a rule file must be a mapping")
    for key in _REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RuleFileError(f"{path.name}: {key}: missing or not a string")
    if data["code"] != path.stem:
        raise RuleFileError(f"{path.name}: code: {data['code']!r} does not match the file name")
    if data["severity"] not in SEVERITIES:
        raise RuleFileError(f"{path.name}: severity: expected one of {', '.join(SEVERITIES)}")
    flag = data.get("flag")
    if flag is not None and not isinstance(flag, str):
        raise RuleFileError(f"{path.name}: flag: expected a string or null")
    return Rule(
        code=data["code"],
        name=data["name"],
        severity=data["severity"],
        flag=flag,
        message=" ".join(data["message"].split()),
        what=data["what"].strip(),
        why=data["why"].strip(),
        example=data["example"].rstrip(),
        instead=data["instead"].rstrip(),
        short=" ".join(str(data.get("short") or "").split()),
    )


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule shipped with claimx, sorted by code (cached)."""
    folder = model_path("rules")
    rules = [_load_rule(p) for p in sorted(folder.glob("CX*.yaml"))]
    return tuple(sorted(rules, key=lambda r: r.code))


@cache
def _by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def get_rule(code: str) -> Rule:
    """The rule with this code (case-insensitive). Raises ``KeyError`` with a one-line message."""
    try:
        return _by_code()[code.strip().upper()]
    except KeyError:
        raise KeyError(f"unknown rule code {code!r}") from None


def all_codes() -> tuple[str, ...]:
    return tuple(r.code for r in all_rules())


def render_rule_doc(rule: Rule) -> str:
    """Plain-text documentation of a rule in four parts, for ``claimx rule CX101``."""
    flag = f", flag: {rule.flag}" if rule.flag else ""
    lines = [f"{rule.code} {rule.name} (default severity: {rule.severity}{flag})", ""]
    lines.append(f"Message: {rule.message}")
    parts = (
        ("What it does", rule.what, True),
        ("Why it matters", rule.why, True),
        ("Example", rule.example, False),
        ("Instead", rule.instead, False),
    )
    for title, body, wrap in parts:
        lines += ["", title]
        if wrap:
            lines += textwrap.wrap(" ".join(body.split()), width=88, initial_indent="  ",
                                   subsequent_indent="  ")
        else:
            lines += [("  " + ln) if ln.strip() else "" for ln in body.splitlines()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------- selection


def normalise_selector(selector: str) -> str:
    """Upper-case and validate a code, prefix or ``ALL``; raises ``ValueError`` (one line) if unknown."""
    sel = str(selector).strip().upper()
    if sel == ALL:
        return ALL
    if not sel or not any(code.startswith(sel) for code in all_codes()):
        raise ValueError(f"unknown rule code or prefix {str(selector).strip()!r}")
    return sel


def _specificity(selector: str) -> int:
    return 0 if selector == ALL else len(selector)


def _matches(selector: str, code: str) -> bool:
    return selector == ALL or code.startswith(selector)


def _best(selectors: Iterable[str], code: str) -> int:
    return max((_specificity(s) for s in selectors if _matches(s, code)), default=-1)


@dataclass(frozen=True)
class SelectionLayer:
    """One layer of selectors (a config file, or the command line). ``select=None`` keeps the previous set."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
    ) -> SelectionLayer:
        return cls(
            select=None if select is None else tuple(normalise_selector(s) for s in select),
            extend_select=tuple(normalise_selector(s) for s in extend_select),
            ignore=tuple(normalise_selector(s) for s in ignore),
        )

    def resolve(self, previous: frozenset[str]) -> frozenset[str]:
        enabled = set()
        for code in all_codes():
            if self.select is not None:
                on = _best(self.select + self.extend_select, code)
                base = False
            else:
                on = _best(self.extend_select, code)
                base = code in previous
            off = _best(self.ignore, code)
            # the most specific selector wins; on a tie, ignore wins
            keep = base if on < 0 and off < 0 else on > off
            if keep:
                enabled.add(code)
        return frozenset(enabled)


@dataclass(frozen=True)
class RuleSelection:
    """Which rules are enabled and at which severity.

    Build it with :meth:`RuleSelection.build` (one layer) and add command-line layers with
    :meth:`with_layer`. Severity overrides map codes or prefixes to error/warning/info; the most specific
    wins.
    """

    layers: tuple[SelectionLayer, ...] = field(default=(), compare=False)
    severity_overrides: tuple[tuple[str, str], ...] = ()
    # Two selections are equal when they enable the same rules with the same overrides.
    _enabled: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        enabled = frozenset(all_codes())
        for layer in self.layers:
            enabled = layer.resolve(enabled)
        object.__setattr__(self, "_enabled", enabled)

    @classmethod
    def build(
        cls,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
    ) -> RuleSelection:
        """Raises ``ValueError`` with a one-line message for an unknown code/prefix or severity."""
        return cls().with_layer(select, ignore, extend_select, severity)

    def with_layer(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
    ) -> RuleSelection:
        layer = SelectionLayer.build(select=select, ignore=ignore, extend_select=extend_select)
        merged = dict(self.severity_overrides)
        merged.update(_overrides(severity or {}))
        return RuleSelection(layers=(*self.layers, layer), severity_overrides=tuple(sorted(merged.items())))

    def enabled(self, code: str) -> bool:
        return code.upper() in self._enabled

    @property
    def enabled_codes(self) -> tuple[str, ...]:
        return tuple(sorted(self._enabled))

    def severity(self, code: str) -> str:
        """The effective severity of a code: the most specific override, else the rule's default."""
        code = code.upper()
        best, level = -1, None
        for selector, sev in self.severity_overrides:
            spec = _specificity(selector)
            if _matches(selector, code) and spec > best:
                best, level = spec, sev
        if level is not None:
            return level
        return get_rule(code).severity

    def enabled_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in all_rules() if r.code in self._enabled)

    def apply(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        """Drop findings of disabled rules and set each kept finding's effective severity."""
        out = []
        for f in findings:
            if not self.enabled(f.code):
                continue
            sev = self.severity(f.code)
            out.append(f if f.severity == sev else replace(f, severity=sev))
        return tuple(out)


def _overrides(severity: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    out = {}
    for key, level in severity.items():
        sel = normalise_selector(key)
        lev = str(level).strip().lower()
        if lev not in SEVERITIES:
            raise ValueError(f"severity of {key}: expected one of {', '.join(SEVERITIES)}, got {level!r}")
        out[sel] = lev
    return tuple(sorted(out.items()))

