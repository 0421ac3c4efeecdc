"""Exit-code policy, as in the linters writers already trust (ruff, Vale, textlint).

* 2 - an input or usage error happened (unreadable file, bad configuration, bad option),
  whatever the findings;
* 1 - at least one finding has a severity at or above ``fail_on``;
* 0 - otherwise, and always when ``exit_zero`` is set (errors still give 2).
"""

from __future__ import annotations

from collections.abc import Iterable

from claimx.records import Finding

FAIL_ON_CHOICES: tuple[str, ...] = ("error", "warning", "info", "never")
DEFAULT_FAIL_ON = "warning"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_RANK = {"info": 1, "warning": 2, "error": 3}


def fails(severity: str, fail_on: str) -> bool:
    """Whether a finding of ``severity`` fails the run under ``fail_on``."""
    if fail_on == "never":
        return False
    if fail_on not in _RANK:
        raise ValueError(f"fail-on: expected one of {', '.join(FAIL_ON_CHOICES)}, got {fail_on!r}")
    return _RANK.get(severity, 0) >= _RANK[fail_on]


def exit_code(findings: Iterable[Finding], fail_on: str = DEFAULT_FAIL_ON, exit_zero: bool = False,
              had_errors: bool = False) -> int:
    if fail_on not in FAIL_ON_CHOICES:
        raise ValueError(f"fail-on: expected one of {', '.join(FAIL_ON_CHOICES)}, got {fail_on!r}")
    if had_errors:
        return EXIT_ERROR
    if exit_zero or fail_on == "never":
        return EXIT_OK
    return EXIT_FINDINGS if any(fails(f.severity, fail_on) for f in findings) else EXIT_OK
