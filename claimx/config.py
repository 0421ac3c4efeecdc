"""Configuration discovery and validation.

Discovery starts in the checked file's folder (or the checked folder) and walks up to the filesystem root. In
each folder the first of ``.claimx.toml``, ``claimx.toml`` and ``pyproject.toml`` (only if it has a
``[tool.claimx]`` table) is used; the closest folder wins and nothing is merged across folders (as in ruff).
``--config PATH`` replaces discovery, ``--isolated`` ignores every config file. Command-line values override
the config file.

Every problem is reported as a :class:`ConfigError` whose ``str`` is one line naming the file and the key.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimx.policy import DEFAULT_FAIL_ON, FAIL_ON_CHOICES
from claimx.records import Claim, Finding
from claimx.rules import SEVERITIES, RuleSelection, normalise_selector

CONFIG_NAMES: tuple[str, ...] = (".claimx.toml", "claimx.toml", "pyproject.toml")
FORMATS: tuple[str, ...] = ("text", "table", "concise", "json", "jsonl", "csv", "tsv", "html", "xlsx", "github",
                            "sarif")
DEFAULT_FORMAT = "text"
# Always skipped when walking directories; ``exclude`` in the config adds to these.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__", "site-packages",
    "_build", "build", "dist",
)
VOCAB_KEYS: tuple[str, ...] = ("interventions", "outcomes", "sources", "accept")
TOP_KEYS: tuple[str, ...] = ("select", "ignore", "extend-select", "fail-on", "format", "severity", "exclude",
                             "vocab")
COMMAND_LINE = "command line"
DEFAULT = "default"


class ConfigError(Exception):
    """An invalid configuration; ``str(error)`` is one line naming the file and the key."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: the default set (ALL)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str = DEFAULT_FAIL_ON
    format: str = DEFAULT_FORMAT
    severity: Mapping[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    vocab_interventions: tuple[Path, ...] = ()
    vocab_outcomes: tuple[Path, ...] = ()
    vocab_sources: tuple[Path, ...] = ()
    vocab_accept: tuple[Path, ...] = ()
    accept_terms: tuple[str, ...] = ()
    config_path: Path | None = None
    root: Path = field(default_factory=Path.cwd)  # folder of the config file (exclude patterns are relative)
    selection: RuleSelection = field(default_factory=RuleSelection)
    origins: Mapping[str, str] = field(default_factory=dict)

    @property
    def accept(self) -> Callable[[str], bool]:
        return accept_matcher(self.accept_terms)

    def is_accepted(self, claim: Claim) -> bool:
        """Whether a claim is accepted by the user's ``vocab.accept`` list (and so must not be flagged)."""
        return claim_accepted(claim, self.accept)

    def drop_accepted(self, findings: Iterable[Finding], claims: Iterable[Claim]) -> tuple[Finding, ...]:
        """The findings minus those about claims accepted by ``vocab.accept``."""
        return drop_accepted(findings, claims, self.accept)

    def is_excluded(self, path: str | os.PathLike[str]) -> bool:
        return is_excluded(path, self.exclude, self.root)


# ------------------------------------------------------------------------------------------- discovery


def _display(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:  # another drive on Windows
        return str(path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{_display(path)}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{_display(path)}: cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{_display(path)}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_display(path)}: invalid TOML: {exc}") from None


def _table_of(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The claimx table of a parsed config file (None for a pyproject.toml without [tool.claimx])."""
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    if not isinstance(tool, dict) or "claimx" not in tool:
        return None
    table = tool["claimx"]
    if not isinstance(table, dict):
        raise ConfigError(f"{_display(path)}: tool.claimx: expected a table")
    return table


@lru_cache(maxsize=256)
def _claimx_table_cached(path: Path, _mtime_ns: int) -> dict[str, Any] | None:
    return _table_of(path, _read_toml(path))


def _claimx_table(path: Path) -> dict[str, Any] | None:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    return _claimx_table_cached(path, mtime)


def _start_folder(path: str | os.PathLike[str] | None) -> Path:
    if path is None or str(path) in {"", "-", "<stdin>"}:
        return Path.cwd()
    p = Path(path).expanduser()
    p = p if p.is_absolute() else Path.cwd() / p
    return p if p.is_dir() else p.parent


def find_config(path: str | os.PathLike[str] | None) -> Path | None:
    """The config file that applies to ``path`` (a file or folder), or None. Closest folder wins."""
    folder = Path(os.path.abspath(_start_folder(path)))
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _claimx_table(candidate) is not None):
                return candidate
    return None


# ------------------------------------------------------------------------------------------ validation


def _key_name(path: Path, key: str) -> str:
    return f"tool.claimx.{key}" if path.name == "pyproject.toml" else key


def _err(where: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {key}: {message}")


def _type_name(value: object) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _str_list(where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(where, key, f"expected a list of strings, got {_type_name(value)}")
    return tuple(value)


def _selectors(where: str, key: str, value: object) -> tuple[str, ...]:
    out = []
    for item in _str_list(where, key, value) if not isinstance(value, tuple) else value:
        try:
            out.append(normalise_selector(item))
        except ValueError as exc:
            raise _err(where, key, str(exc)) from None
    return tuple(out)


def _enum(where: str, key: str, value: object, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _err(where, key, f"expected one of {', '.join(choices)}, got {value!r}")
    return value


def _severity_table(where: str, key: str, value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _err(where, key, f"expected a table of rule code = severity, got {_type_name(value)}")
    out = {}
    for code, level in value.items():
        try:
            sel = normalise_selector(code)
        except ValueError as exc:
            raise _err(where, f"{key}.{code}", str(exc)) from None
        out[sel] = _enum(where, f"{key}.{code}", level, SEVERITIES)
    return out


def _unknown_key(where: str, key: str, known: Sequence[str], prefix: str = "") -> ConfigError:
    guess = get_close_matches(key.replace("_", "-"), known, n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else f" (expected one of {', '.join(known)})"
    return ConfigError(f"{where}: {prefix}{key}: unknown key{hint}")


@dataclass(frozen=True)
class _FileValues:
    values: dict[str, Any]  # kebab-case key -> validated value


def _validate_file(path: Path, table: dict[str, Any]) -> _FileValues:
    where = _display(path)
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = _key_name(path, key)
        if key not in TOP_KEYS:
            raise _unknown_key(where, key, TOP_KEYS, "tool.claimx." if path.name == "pyproject.toml" else "")
        if key in ("select", "ignore", "extend-select"):
            values[key] = _selectors(where, name, value)
        elif key == "fail-on":
            values[key] = _enum(where, name, value, FAIL_ON_CHOICES)
        elif key == "format":
            values[key] = _enum(where, name, value, FORMATS)
        elif key == "severity":
            values[key] = _severity_table(where, name, value)
        elif key == "exclude":
            values[key] = _str_list(where, name, value)
        elif key == "vocab":
            values.update(_validate_vocab(path, name, value))
    return _FileValues(values)


def _validate_vocab(path: Path, name: str, value: object) -> dict[str, Any]:
    where = _display(path)
    if not isinstance(value, dict):
        raise _err(where, name, f"expected a table, got {_type_name(value)}")
    out: dict[str, Any] = {}
    for sub, item in value.items():
        key = f"{name}.{sub}"
        if sub not in VOCAB_KEYS:
            raise _unknown_key(where, sub, VOCAB_KEYS, f"{name}.")
        items = [item] if isinstance(item, str) else item
        paths = _str_list(where, key, items)
        resolved = []
        for rel in paths:
            p = Path(rel).expanduser()
            p = p if p.is_absolute() else path.parent / p
            if not p.is_file():
                raise _err(where, key, f"no such file '{rel}'")
            try:
                if sub in ("interventions", "outcomes", "accept"):
                    terms = load_vocab_terms(p)
                    if sub == "accept":
                        accept_matcher(terms)
                else:
                    check_sources_tsv(p)
            except (ConfigError, ValueError) as exc:
                raise _err(where, key, str(exc)) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise _err(where, key, f"cannot read '{rel}': {exc}") from None
            resolved.append(p)
        out[f"vocab.{sub}"] = tuple(resolved)
    return out


_CLI_KEYS = ("select", "ignore", "extend-select", "fail-on", "format", "severity", "exclude")


def _validate_cli(overrides: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for raw_key, value in overrides.items():
        key = raw_key.replace("_", "-")
        if key not in _CLI_KEYS:
            raise _unknown_key(COMMAND_LINE, key, _CLI_KEYS, "--")
        if value is None or (isinstance(value, list | tuple | dict) and not value):
            continue  # not given
        opt = f"--{key}"
        if key in ("select", "ignore", "extend-select", "exclude"):
            items: list[str] = []
            for v in [value] if isinstance(value, str) else value:
                items += [s.strip() for s in str(v).split(",") if s.strip()]
            values[key] = tuple(items) if key == "exclude" else _selectors(COMMAND_LINE, opt, tuple(items))
        elif key == "fail-on":
            values[key] = _enum(COMMAND_LINE, opt, value, FAIL_ON_CHOICES)
        elif key == "format":
            values[key] = _enum(COMMAND_LINE, opt, value, FORMATS)
        elif key == "severity":
            values[key] = _severity_table(COMMAND_LINE, opt, dict(value))
    return values


# ---------------------------------------------------------------------------------------------- loading


def load_settings(
    path: str | os.PathLike[str] | None,
    config: Path | None = None,
    isolated: bool = False,
    cli_overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """The effective settings for checking ``path`` (a file or folder; None or "-" for stdin: the cwd).

    ``cli_overrides`` holds command-line values by key (``select``, ``ignore``, ``extend_select``,
    ``fail_on``, ``format``, ``severity``, ``exclude``; snake or kebab case); None or empty means not given.
    Raises :class:`ConfigError`.
    """
    if config is not None and isolated:
        raise ConfigError(f"{COMMAND_LINE}: --config and --isolated cannot be used together")
    cli = _validate_cli(cli_overrides or {})

    config_path: Path | None = None
    file_values: dict[str, Any] = {}
    if config is not None:
        config_path = Path(config).expanduser()
        if not config_path.is_file():
            raise ConfigError(f"{_display(config_path)}: no such file")
        table = _claimx_table(config_path.absolute())
        if table is None:
            raise ConfigError(f"{_display(config_path)}: tool.claimx: no [tool.claimx] table in this file")
        config_path = config_path.absolute()
        file_values = _validate_file(config_path, table).values
    elif not isolated:
        config_path = find_config(path)
        if config_path is not None:
            table = _claimx_table(config_path)
            file_values = _validate_file(config_path, table or {}).values

    origin_file = _display(config_path) if config_path is not None else DEFAULT
    origins: dict[str, str] = {}

    def pick(key: str, default: Any) -> Any:
        if key in cli:
            origins[key] = COMMAND_LINE
            return cli[key]
        if key in file_values:
            origins[key] = origin_file
            return file_values[key]
        origins[key] = DEFAULT
        return default

    def merged(key: str, file_default: tuple[str, ...] = ()) -> tuple[str, ...]:
        parts = []
        base = file_values.get(key, file_default)
        if key in file_values:
            parts.append(origin_file)
        value = tuple(base)
        if key in cli:
            parts.append(COMMAND_LINE)
            value = value + tuple(v for v in cli[key] if v not in value)
        origins[key] = " + ".join(parts) or DEFAULT
        return value

    # Rule selection: the config layer, then the command-line layer (a CLI --select starts afresh).
    file_select = file_values.get("select")
    selection = RuleSelection.build(select=file_select, ignore=file_values.get("ignore", ()),
                                    extend_select=file_values.get("extend-select", ()))
    cli_layer = {k: cli[k] for k in ("select", "ignore", "extend-select") if k in cli}
    if cli_layer:
        selection = selection.with_layer(select=cli_layer.get("select"), ignore=cli_layer.get("ignore", ()),
                                         extend_select=cli_layer.get("extend-select", ()))
    if "select" in cli:
        select: tuple[str, ...] | None = cli["select"]
        origins["select"] = COMMAND_LINE
        ignore = cli.get("ignore", ())
        extend_select = cli.get("extend-select", ())
        origins["ignore"] = COMMAND_LINE if "ignore" in cli else DEFAULT
        origins["extend-select"] = COMMAND_LINE if "extend-select" in cli else DEFAULT
    else:
        select = file_select
        origins["select"] = origin_file if file_select is not None else DEFAULT
        ignore = merged("ignore")
        extend_select = merged("extend-select")

    severity: dict[str, str] = dict(file_values.get("severity", {}))
    parts = [origin_file] if "severity" in file_values else []
    if "severity" in cli:
        severity.update(cli["severity"])
        parts.append(COMMAND_LINE)
    origins["severity"] = " + ".join(parts) or DEFAULT
    selection = RuleSelection(layers=selection.layers,
                              severity_overrides=tuple(sorted(severity.items())))

    user_exclude = merged("exclude")
    exclude = DEFAULT_EXCLUDE + tuple(p for p in user_exclude if p not in DEFAULT_EXCLUDE)

    vocab: dict[str, tuple[Path, ...]] = {}
    for sub in VOCAB_KEYS:
        vocab[sub] = pick(f"vocab.{sub}", ())
    accept_terms: list[str] = []
    for p in vocab["accept"]:
        accept_terms += [t for t in load_vocab_terms(p) if t not in accept_terms]

    return Settings(
        select=select,
        ignore=tuple(ignore),
        extend_select=tuple(extend_select),
        fail_on=pick("fail-on", DEFAULT_FAIL_ON),
        format=pick("format", DEFAULT_FORMAT),
        severity=dict(sorted(severity.items())),
        exclude=exclude,
        vocab_interventions=vocab["interventions"],
        vocab_outcomes=vocab["outcomes"],
        vocab_sources=vocab["sources"],
        vocab_accept=vocab["accept"],
        accept_terms=tuple(accept_terms),
        config_path=config_path,
        root=config_path.parent if config_path is not None else Path.cwd(),
        selection=selection,
        origins=dict(sorted(origins.items())),
    )


# ------------------------------------------------------------------------------------------- vocabulary


def load_vocab_terms(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Terms of a vocabulary file: one per line, blank lines and ``#`` comments ignored, duplicates dropped.

    A ``#`` after whitespace starts an inline comment, except on a ``/regex/`` line.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{_display(p)}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{_display(p)}: cannot read: {exc}") from None
    terms: list[str] = []
    for line in text.splitlines():
        item = line.strip()
        if not item or item.startswith("#"):
            continue
        if not item.startswith("/"):
            item = re.split(r"\s#", item, maxsplit=1)[0].strip()
        if item and item not in terms:
            terms.append(item)
    return tuple(terms)


def check_sources_tsv(path: Path) -> None:
    """Check a user source registry (TSV: ``#`` comments, then a header with at least ``canonical`` and
    ``kind``, usually also ``identifier`` and ``aliases`` separated by ``|``).

    Raises ValueError with a one-line message.
    """
    try:
        from claimx.registry import KINDS as kinds
    except ImportError:  # pragma: no cover - the registry module is always shipped
        kinds = ()
    columns: list[str] | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if columns is None:
            columns = [c.strip().lower() for c in fields]
            missing = [c for c in ("canonical", "kind") if c not in columns]
            if missing:
                raise ValueError(f"line {lineno}: the header line lacks column(s) {', '.join(missing)} "
                                 "(expected tab-separated canonical, kind, identifier, aliases)")
            continue
        fields += [""] * (len(columns) - len(fields))
        kind = fields[columns.index("kind")].strip().lower()
        if fields[columns.index("canonical")].strip() and kinds and kind not in kinds:
            raise ValueError(f"line {lineno}: unknown kind {kind!r} (expected one of {', '.join(kinds)})")
    if columns is None:
        raise ValueError("no header line (expected tab-separated canonical, kind, identifier, aliases)")


def _term_pattern(term: str) -> str:
    if len(term) > 2 and term.startswith("/") and term.endswith("/"):
        body = term[1:-1]
        try:
            re.compile(body)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {term!r}: {exc}") from None
        return f"(?:{body})"
    words = [re.escape(w) for w in term.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def accept_matcher(terms: Iterable[str]) -> Callable[[str], bool]:
    """A case-insensitive matcher for accepted terms.

    A term written ``/like this/`` is a regular expression searched anywhere in the text; any other term
    matches as a whole word or phrase (whitespace-insensitive). Raises ``ValueError`` for a bad regex.
    """
    return _matcher(tuple(t.strip() for t in terms if t.strip()))


@lru_cache(maxsize=64)
def _matcher(terms: tuple[str, ...]) -> Callable[[str], bool]:
    if not terms:
        return lambda _text: False
    compiled = re.compile("|".join(_term_pattern(t) for t in terms), re.IGNORECASE)
    return lambda text: bool(text) and compiled.search(text) is not None


def claim_accepted(claim: Claim, matcher: Callable[[str], bool]) -> bool:
    """Whether the claim's intervention, outcome or sentence matches the accept list."""
    return any(matcher(t) for t in (claim.intervention or "", claim.outcome, claim.sentence) if t)


def drop_accepted(findings: Iterable[Finding], claims: Iterable[Claim],
                  matcher: Callable[[str], bool]) -> tuple[Finding, ...]:
    """The findings minus those about a claim accepted by ``matcher`` (findings without a claim are kept)."""
    accepted = {c.id for c in claims if claim_accepted(c, matcher)}
    return tuple(f for f in findings if f.claim_id is None or f.claim_id not in accepted)


def is_excluded(path: str | os.PathLike[str], patterns: Iterable[str], root: Path) -> bool:
    """Whether a path met in a directory walk is excluded.

    A pattern without ``/`` matches any single path component (``drafts``, ``*.tmp``); a pattern with ``/``
    is matched against the path relative to ``root`` (the config file's folder), with ``/`` separators.
    """
    p = Path(path)
    absolute = p if p.is_absolute() else Path.cwd() / p
    try:
        rel = Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:
        rel = absolute.as_posix()
    parts = [s for s in rel.split("/") if s not in ("", ".", "..")]
    for pattern in patterns:
        pat = pattern.strip().rstrip("/")
        if not pat:
            continue
        if "/" in pat:
            pat = pat.removeprefix("./")
            if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(rel, pat + "/*"):
                return True
        elif any(fnmatch.fnmatchcase(part, pat) for part in parts):
            return True
    return False


# ------------------------------------------------------------------------------------------- reporting


def _toml_value(value: Any) -> str:
    if value is None:
        return '["ALL"]'
    if isinstance(value, Path):
        return json.dumps(_display(value), ensure_ascii=False)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in sorted(value.items())) + " }" \
            if value else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)


def format_settings(settings: Settings) -> str:
    """The effective settings as TOML-like lines, each followed by where the value came from."""
    config = _display(settings.config_path) if settings.config_path else "none"
    rows = [
        ("select", settings.select),
        ("extend-select", settings.extend_select),
        ("ignore", settings.ignore),
        ("severity", settings.severity),
        ("fail-on", settings.fail_on),
        ("format", settings.format),
        ("exclude", settings.exclude),
    ]
    rows += [(f"vocab.{sub}", getattr(settings, f"vocab_{sub}")) for sub in VOCAB_KEYS]
    rendered = [(k, _toml_value(v)) for k, v in rows]
    width = min(36, max(len(k) + 3 + len(v) for k, v in rendered))
    lines = [f"# config file: {config}"]
    for key, value in rendered:
        text = f"{key} = {value}"
        origin = settings.origins.get(key, DEFAULT)
        lines.append(f"{text.ljust(width)}  # {origin}")
    lines.append(f"# enabled rules: {' '.join(settings.selection.enabled_codes) or 'none'}")
    return "\n".join(lines) + "\n"
