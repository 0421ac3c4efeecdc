"""The library API: ``claimx.analyze`` and ``claimx.analyze_many`` return exactly what ``claimx check`` reports.

Everything that decides *what* is reported lives here, not in the command line: configuration discovery per
file, suppression comments, the ``vocab.accept`` list, rule selection and severities, and the baseline. The
command line only collects its arguments, calls :class:`Checker` and writes :meth:`Result.render` out.

    >>> import claimx
    >>> result = claimx.analyze("Magnesium cures insomnia.", isolated=True)
    >>> [f.code for f in result.findings]
    ['CX101']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimx.baseline import load_baseline
from claimx.config import ConfigError, Settings, load_settings
from claimx.pipeline import Pipeline, PipelineOptions
from claimx.policy import exit_code
from claimx.read import DEFAULT_MAX_BYTES, KNOWN_SUFFIXES, InputError, decode_as, format_for, sniff_format
from claimx.records import Claim, DocumentResult, Finding
from claimx.suppress import apply_suppressions, parse_directives

INPUT_FORMATS: tuple[str, ...] = ("text", "markdown", "html")
OUTPUT_FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "tsv", "xlsx", "html", "concise", "github",
                                   "sarif")
_SELECTION_KEYS = ("select", "ignore", "extend_select", "fail_on")


@dataclass(frozen=True)
class Source:
    """One input: a file on disk (``path``) or text in memory (``text``, e.g. standard input)."""

    display: str  # the name findings are reported under
    path: Path | None = None
    text: str | None = None
    data: bytes | None = None  # raw bytes (standard input), decoded like a file
    format: str | None = None  # text | markdown | html; None: from the name's suffix (sniffed when unknown)
    error: str | None = None  # a problem found while collecting (no such file, empty folder)


@dataclass(frozen=True)
class Result:
    """What one ``claimx check`` run reports: the documents in input order, with findings after suppressions,
    the accept list, rule selection and the baseline."""

    documents: tuple[DocumentResult, ...]
    settings: Settings  # the governing settings (of the first checked file, else of the working folder)
    fail_on: Mapping[str, str] = field(default_factory=dict)  # path -> fail-on of the config that governs it
    baselined: int = 0  # findings absorbed by the baseline
    sentences: bool = False  # JSON/JSONL carry every sentence

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for d in self.documents for f in d.findings)

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(c for d in self.documents for c in d.claims)

    @property
    def errors(self) -> tuple[tuple[str, str], ...]:
        """(path, one-line message) of every input that could not be checked."""
        return tuple((d.path, d.error) for d in self.documents if d.error is not None)

    def exit_code(self, fail_on: str | None = None, exit_zero: bool = False) -> int:
        """The command line's exit code: 2 on an input error, 1 when a finding reaches the fail-on level
        (``fail_on``, else each file's configured level), else 0."""
        had_errors = bool(self.errors)
        codes = [exit_code(d.findings, fail_on or self.fail_on.get(d.path, self.settings.fail_on), exit_zero,
                           had_errors) for d in self.documents]
        return max(codes, default=exit_code((), fail_on or self.settings.fail_on, exit_zero, had_errors))

    def passed(self, fail_on: str | None = None) -> bool:
        """Whether no finding reaches the fail-on level (input errors aside)."""
        return all(exit_code(d.findings, fail_on or self.fail_on.get(d.path, self.settings.fail_on)) == 0
                   for d in self.documents)

    def to_json(self) -> str:
        """Byte for byte the output of ``claimx check --format json``."""
        from claimx.render import render_json

        return render_json(self.documents, self.sentences)

    def to_jsonl(self) -> str:
        from claimx.render import render_jsonl

        return render_jsonl(self.documents, self.sentences)

    def to_dict(self) -> dict[str, Any]:
        import json

        return json.loads(self.to_json())

    def render(self, fmt: str = "json", **options: Any) -> str | bytes:
        """The report in one of :data:`OUTPUT_FORMATS` (``xlsx`` gives bytes). Options: ``width`` and
        ``color`` (table), ``show_all`` (table, html), ``rows`` (csv/tsv: claims, findings or sources), ``bom``
        (csv/tsv), ``statistics`` (counts per rule code), ``fail_on``."""
        from claimx.output import render_result

        return render_result(self, fmt, **options)


class Checker:
    """Checks inputs the way ``claimx check`` does; holds the loaded pipelines and settings so that many
    documents share them.

    ``config`` is a config file path, a :class:`Settings` (used as is, no discovery), or None (discover the
    config of each file, as the command line does). ``overrides`` are command-line values (``select``,
    ``ignore``, ``extend_select``: lists or comma-separated strings; ``fail_on``). Raises
    :class:`ConfigError` when the settings of the working folder are invalid.
    """

    def __init__(self, config: str | os.PathLike[str] | Settings | None = None, *, isolated: bool = False,
                 overrides: Mapping[str, Any] | None = None, baseline: str | os.PathLike[str] | None = None,
                 sentences: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str = "utf-8") -> None:
        self._fixed = config if isinstance(config, Settings) else None
        self._config_file = Path(config) if config is not None and not isinstance(config, Settings) else None
        self._isolated = isolated
        self._overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, "", (), [])}
        self._baseline = Path(baseline) if baseline is not None else None
        self.sentences = sentences
        self.max_bytes = max_bytes
        self.encoding = encoding  # of files and raw bytes: a codec name or "auto" (read.check_encoding)
        self._settings: dict[str, Settings | ConfigError] = {}
        self._pipelines: dict[tuple, Pipeline] = {}
        self.base_settings = self.settings_for(None)
        if isinstance(self.base_settings, ConfigError):
            raise self.base_settings

    # ------------------------------------------------------------------------------------------ settings

    def settings_for(self, path: str | os.PathLike[str] | None) -> Settings | ConfigError:
        """The settings that govern ``path`` (a file or folder; None: the working folder), or the error."""
        if self._fixed is not None:
            return self._fixed
        p = Path(path) if path is not None else Path.cwd()
        folder = str(p.resolve().parent if p.is_file() or (not p.exists() and p.suffix) else p.resolve())
        if folder not in self._settings:
            try:
                self._settings[folder] = load_settings(folder, self._config_file, self._isolated, self._overrides)
            except ConfigError as exc:
                self._settings[folder] = exc
        return self._settings[folder]

    def pipeline(self, settings: Settings) -> Pipeline:
        key = (settings.vocab_interventions, settings.vocab_outcomes, settings.vocab_sources)
        if key not in self._pipelines:
            self._pipelines[key] = Pipeline(PipelineOptions(
                tuple(str(p) for p in settings.vocab_interventions),
                tuple(str(p) for p in settings.vocab_outcomes),
                tuple(str(p) for p in settings.vocab_sources),
                self.max_bytes,
                all_mentions=self.sentences,
                encoding=self.encoding,
            ))
        return self._pipelines[key]

    # ------------------------------------------------------------------------------------------ inputs

    def collect(self, paths: Iterable[str | os.PathLike[str]]) -> list[Source]:
        """Files and folders -> inputs: folders are walked for ``.txt``, ``.md`` and ``.html`` files (sorted),
        skipping the config's ``exclude`` patterns; missing paths become inputs with an error."""
        out: list[Source] = []
        for raw in paths:
            p = Path(raw)
            shown = os.fspath(raw)
            if p.is_dir():
                settings = self.settings_for(p)
                found = sorted(
                    f for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES
                    and not (isinstance(settings, Settings) and settings.is_excluded(f))
                )
                if not found:
                    out.append(Source(shown, p, error="directory holds no articles (.txt, .md, .html)"))
                out.extend(Source(str(f), f) for f in found)
            elif not p.exists():
                out.append(Source(shown, p, error="no such file"))
            else:
                out.append(Source(shown, p))
        return out

    # ------------------------------------------------------------------------------------------ checking

    def check(self, source: Source) -> tuple[DocumentResult, Settings | None]:
        """One input, checked and post-processed (suppressions, accept list, selection); not baselined."""
        where = source.path if source.path is not None else (Path(source.display).parent
                                                             if source.display not in ("<stdin>", "<text>")
                                                             else None)
        settings = self.settings_for(where)
        if isinstance(settings, ConfigError):
            return DocumentResult(path=source.display, error=str(settings)), None
        if source.error:
            return DocumentResult(path=source.display, error=source.error), settings
        pipeline = self.pipeline(settings)
        if source.path is not None and source.text is None and source.data is None:
            fmt = source.format
            result = pipeline.check_path(source.path, source.display, fmt)
        else:
            used = "utf-8"
            try:
                if source.text is not None:
                    text = source.text
                else:
                    data = source.data or b""
                    if len(data) > self.max_bytes:
                        raise InputError(f"input is over the {self.max_bytes / 1e6:.1f} MB limit; raise it with "
                                         f"--max-size (in MB)")
                    text, used = decode_as(data, self.encoding)
            except InputError as exc:
                return DocumentResult(path=source.display, error=str(exc)), settings
            if len(text.encode("utf-8")) > self.max_bytes:
                return DocumentResult(path=source.display, error=(
                    f"input is over the {self.max_bytes / 1e6:.1f} MB limit; raise it with --max-size (in MB)")
                ), settings
            fmt = source.format or _format_of(source.display, text)
            result = pipeline.check_text(text, source.display, fmt, used)
        if result.error is not None:
            return result, settings
        return post_process(result, settings), settings

    def run(self, sources: Iterable[Source],
            on_result: Callable[[DocumentResult], None] | None = None) -> Result:
        """Check every input in order, then apply the baseline. ``on_result`` is called after each document
        (for progress or error messages). Raises ``BaselineError`` for a bad baseline file."""
        baseline = load_baseline(self._baseline) if self._baseline is not None else None
        documents: list[DocumentResult] = []
        fail_on: dict[str, str] = {}
        first: Settings | None = None
        for source in sources:
            result, settings = self.check(source)
            if settings is not None:
                fail_on[result.path] = settings.fail_on
                if first is None and result.error is None:
                    first = settings
            documents.append(result)
            if on_result is not None:
                on_result(result)
        baselined = 0
        if baseline is not None:
            filtered = []
            for d in documents:
                kept, count = baseline.filter(d.findings)
                baselined += count
                filtered.append(replace(d, findings=tuple(kept)))
            documents = filtered
        governing = first or self.base_settings
        assert isinstance(governing, Settings)
        return Result(tuple(documents), governing, fail_on, baselined, self.sentences)


def _format_of(name: str, text: str) -> str:
    """The input format of a named text: by suffix, else sniffed from the content (HTML or text)."""
    if Path(name).suffix.lower() in KNOWN_SUFFIXES:
        return format_for(name)
    return sniff_format(text)


def post_process(result: DocumentResult, settings: Settings) -> DocumentResult:
    """Suppression comments, the accept list, then rule selection and severities."""
    findings: tuple[Finding, ...] = result.findings
    if result.document is not None and result.document.comments:
        directives = parse_directives(result.document.comments)
        kept, extra = apply_suppressions(findings, directives, result.sentences, result.path)
        findings = (*kept, *extra)
    findings = settings.selection.apply(settings.drop_accepted(findings, result.claims))
    return replace(result, findings=tuple(sorted(findings, key=lambda f: (f.start, f.code))))


def _checker(config: Any, isolated: bool, select: Any, ignore: Any, extend_select: Any, fail_on: str | None,
             baseline: Any, sentences: bool, max_bytes: int) -> Checker:
    if isinstance(config, Mapping):
        raise TypeError("config: expected a config file path or a claimx.config.Settings, not a mapping "
                        "(pass select=, ignore=, fail_on= as keywords)")
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select, "fail_on": fail_on}
    if isinstance(config, Settings) and any(v is not None for v in overrides.values()):
        raise ValueError("select, ignore, extend_select and fail_on cannot be combined with a Settings object "
                         "(load_settings(..., cli_overrides=...) builds one with them)")
    return Checker(config, isolated=isolated, overrides=overrides, baseline=baseline, sentences=sentences,
                   max_bytes=max_bytes)


def analyze(source: str | os.PathLike[str], *, format: str | None = None,
            config: str | os.PathLike[str] | Settings | None = None, path: str | None = None,
            isolated: bool = False, select: str | Sequence[str] | None = None,
            ignore: str | Sequence[str] | None = None, extend_select: str | Sequence[str] | None = None,
            fail_on: str | None = None, baseline: str | os.PathLike[str] | None = None,
            sentences: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> Result:
    """Check one article: a ``str`` is the article's text, a ``pathlib.Path`` (any ``os.PathLike``) a file.

    ``format`` is the input format (``text``, ``markdown``, ``html``; None: from the file name, else sniffed).
    ``path`` names in-memory text (its suffix gives the format, its folder the config). ``config`` is a
    config file or :class:`~claimx.config.Settings`; None discovers the config as ``claimx check`` does;
    ``isolated`` ignores config files. ``select``/``ignore``/``extend_select``/``fail_on`` act like the
    command-line options; ``baseline`` is a baseline file. ``result.to_json()`` equals
    ``claimx check --format json`` on the same input.
    """
    if format is not None and format not in INPUT_FORMATS:
        raise ValueError(f"format: expected one of {', '.join(INPUT_FORMATS)}, got {format!r}")
    checker = _checker(config, isolated, select, ignore, extend_select, fail_on, baseline, sentences, max_bytes)
    if isinstance(source, str):
        item = Source(path or "<text>", text=source, format=format)
    else:
        p = Path(source)
        item = checker.collect([p])[0] if not p.is_dir() else Source(str(p), p, error="is a directory")
        item = replace(item, format=format, display=path or item.display)
    return checker.run([item])


def analyze_many(paths: Iterable[str | os.PathLike[str]], *,
                 config: str | os.PathLike[str] | Settings | None = None, isolated: bool = False,
                 select: str | Sequence[str] | None = None, ignore: str | Sequence[str] | None = None,
                 extend_select: str | Sequence[str] | None = None, fail_on: str | None = None,
                 baseline: str | os.PathLike[str] | None = None, sentences: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 on_result: Callable[[DocumentResult], None] | None = None) -> Result:
    """Check files and folders (walked like ``claimx check`` walks them) into one :class:`Result`. A path that
    cannot be read gives a document with ``error`` set; the others are still checked."""
    checker = _checker(config, isolated, select, ignore, extend_select, fail_on, baseline, sentences, max_bytes)
    return checker.run(checker.collect(paths), on_result)


__all__ = ["Checker", "Result", "Source", "analyze", "analyze_many", "post_process"]
