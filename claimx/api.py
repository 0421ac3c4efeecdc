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
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimx.baseline import load_baseline
from claimx.batch import DEFAULT_BLOCK_CHARS, Task, cpu_count, file_tasks
from claimx.batch import run as run_tasks
from claimx.config import ConfigError, Settings, load_settings
from claimx.pipeline import Pipeline, PipelineOptions
from claimx.policy import exit_code
from claimx.read import KNOWN_SUFFIXES, InputError, check_encoding, decode_as, format_for, sniff_format
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
                 sentences: bool = False, max_bytes: int | None = None, jobs: int = 1,
                 block_chars: int = DEFAULT_BLOCK_CHARS, encoding: str = "utf-8") -> None:
        self._fixed = config if isinstance(config, Settings) else None
        self._config_file = Path(config) if config is not None and not isinstance(config, Settings) else None
        self._isolated = isolated
        self._overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, "", (), [])}
        self._baseline = Path(baseline) if baseline is not None else None
        self.sentences = sentences
        self.max_bytes = max_bytes or 0  # 0: no limit
        self.jobs = jobs  # worker processes (claimx.batch); 0: the available cores for several inputs
        self.block_chars = block_chars  # text/Markdown files larger than this are checked in sections
        # of files and raw bytes: a codec name or "auto"; normalised (ValueError when Python has no such codec)
        self.encoding = check_encoding(encoding)
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

    def options(self, settings: Settings) -> PipelineOptions:
        """The pipeline options for ``settings`` (hashable: workers cache one pipeline per options)."""
        return PipelineOptions(
            tuple(str(p) for p in settings.vocab_interventions),
            tuple(str(p) for p in settings.vocab_outcomes),
            tuple(str(p) for p in settings.vocab_sources),
            self.max_bytes or sys.maxsize,
            all_mentions=self.sentences,
            encoding=self.encoding,
        )

    def pipeline(self, settings: Settings) -> Pipeline:
        key = (settings.vocab_interventions, settings.vocab_outcomes, settings.vocab_sources)
        if key not in self._pipelines:
            self._pipelines[key] = Pipeline(self.options(settings))
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

    def source_settings(self, source: Source) -> Settings | ConfigError:
        """The settings that govern one input (a named text: those of its name's folder)."""
        where = source.path if source.path is not None else (Path(source.display).parent
                                                             if source.display not in ("<stdin>", "<text>")
                                                             else None)
        return self.settings_for(where)

    def check(self, source: Source) -> tuple[DocumentResult, Settings | None]:
        """One input, checked in this process as one document and post-processed (suppressions, accept list,
        selection); not baselined. :meth:`run` is what ``claimx check`` calls (sections, workers)."""
        settings = self.source_settings(source)
        if isinstance(settings, ConfigError):
            return DocumentResult(path=source.display, error=str(settings)), None
        if source.error:
            return DocumentResult(path=source.display, error=source.error), settings
        pipeline = self.pipeline(settings)
        if source.path is not None and source.text is None and source.data is None:
            fmt = source.format
            result = pipeline.check_path(source.path, source.display, fmt)
        else:
            try:
                text, used = self.source_text(source)
            except InputError as exc:
                return DocumentResult(path=source.display, error=str(exc)), settings
            fmt = source.format or _format_of(source.display, text)
            result = pipeline.check_text(text, source.display, fmt, used)
        if result.error is not None:
            return result, settings
        return post_process(result, settings), settings

    def source_text(self, source: Source) -> tuple[str, str]:
        """The text of an in-memory source and the encoding it was decoded from, within ``max_bytes``
        (raises ``InputError``)."""
        used = "utf-8"
        if source.text is not None:
            text = source.text
        else:
            data = source.data or b""
            if self.max_bytes and len(data) > self.max_bytes:
                raise InputError(_over_limit(self.max_bytes))
            text, used = decode_as(data, self.encoding)
        if self.max_bytes and len(text.encode("utf-8")) > self.max_bytes:
            raise InputError(_over_limit(self.max_bytes))
        return text, used

    def tasks(self, sources: Sequence[Source]) -> Iterator[tuple[Task, Settings | None]]:
        """The units of work of a run, in input order, with the settings that govern each: a file larger than
        ``block_chars`` (text or Markdown) gives one task per section, read as the tasks are consumed."""
        for tag, source in enumerate(sources):
            settings = self.source_settings(source)
            if isinstance(settings, ConfigError):
                yield Task(tag, source.display, None, error=str(settings)), None
                continue
            if source.error:
                yield Task(tag, source.display, None, error=source.error), settings
                continue
            options = self.options(settings)
            if source.path is not None and source.text is None and source.data is None:
                fmt = source.format or format_for(str(source.path))
                for task in file_tasks(tag, source.path, source.display, options, fmt, self.block_chars,
                                       self.max_bytes or None):
                    yield task, settings
                continue
            try:
                text, used = self.source_text(source)
            except InputError as exc:
                yield Task(tag, source.display, options, error=str(exc)), settings
                continue
            yield Task(tag, source.display, options, text=text,
                       fmt=source.format or _format_of(source.display, text), encoding=used), settings

    def format_for(self, sources: Sequence[Source]) -> str:
        """The configured output format of a run: that of the first input whose settings load (else of the
        working folder), known before the run so that streaming writers can start."""
        for source in sources:
            settings = self.source_settings(source)
            if isinstance(settings, Settings) and not source.error:
                return settings.format
        assert isinstance(self.base_settings, Settings)
        return self.base_settings.format

    def workers(self, sources: Sequence[Source]) -> int:
        """The worker processes for ``sources``: ``jobs`` (0: the available cores when there are several
        inputs), never more than the inputs unless a file comes in sections."""
        jobs = self.jobs if self.jobs > 0 else (cpu_count() if len(sources) > 1 else 1)
        sectioned = any(s.path is not None and s.text is None and s.data is None and s.path.is_file()
                        and s.path.stat().st_size > self.block_chars for s in sources)
        return max(1, jobs if sectioned else min(jobs, len(sources)))

    def run(self, sources: Iterable[Source], on_result: Callable[[DocumentResult], None] | None = None,
            *, keep: bool = True) -> Result:
        """Check every input in order (large files in sections, in ``jobs`` worker processes when more than
        one), post-process each result (suppressions, accept list, selection) and apply the baseline, then
        call ``on_result`` with it (progress, error messages, the streaming writers of
        ``claimx.render_stream``). Results come in input order whatever ``jobs``. ``keep=False`` keeps only
        what the exit code and a baseline need (path, error, findings, section) in the returned documents,
        so memory does not grow with the inputs. Raises ``BaselineError`` for a bad baseline file."""
        baseline = load_baseline(self._baseline) if self._baseline is not None else None
        sources = list(sources)
        jobs = self.workers(sources)
        documents: list[DocumentResult] = []
        fail_on: dict[str, str] = {}
        first: Settings | None = None
        baselined = 0
        settings_of: dict[int, Settings | None] = {}

        def planned() -> Iterator[Task]:
            for task, settings in self.tasks(sources):
                settings_of[task.tag] = settings
                yield task

        warm = None
        if jobs > 1:
            governing = next((st for s in sources if isinstance(st := self.source_settings(s), Settings)), None)
            warm = self.options(governing) if governing is not None else None
        for task, result in run_tasks(planned(), jobs, warm):
            settings = settings_of.get(task.tag)
            if settings is not None:
                fail_on[result.path] = settings.fail_on
                if result.error is None:
                    first = first or settings
                    result = post_process(result, settings)
            if baseline is not None and result.findings:
                kept, count = baseline.filter(result.findings)
                baselined += count
                result = replace(result, findings=tuple(kept))
            if on_result is not None:
                on_result(result)
            documents.append(result if keep else DocumentResult(result.path, result.error,
                                                                findings=result.findings, section=result.section))
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
             baseline: Any, sentences: bool, max_bytes: int | None, jobs: int = 1,
             block_chars: int = DEFAULT_BLOCK_CHARS, encoding: str = "utf-8") -> Checker:
    if isinstance(config, Mapping):
        raise TypeError("config: expected a config file path or a claimx.config.Settings, not a mapping "
                        "(pass select=, ignore=, fail_on= as keywords)")
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select, "fail_on": fail_on}
    if isinstance(config, Settings) and any(v is not None for v in overrides.values()):
        raise ValueError("select, ignore, extend_select and fail_on cannot be combined with a Settings object "
                         "(load_settings(..., cli_overrides=...) builds one with them)")
    return Checker(config, isolated=isolated, overrides=overrides, baseline=baseline, sentences=sentences,
                   max_bytes=max_bytes, jobs=jobs, block_chars=block_chars, encoding=encoding)


def analyze(source: str | os.PathLike[str], *, format: str | None = None,
            config: str | os.PathLike[str] | Settings | None = None, path: str | None = None,
            isolated: bool = False, select: str | Sequence[str] | None = None,
            ignore: str | Sequence[str] | None = None, extend_select: str | Sequence[str] | None = None,
            fail_on: str | None = None, baseline: str | os.PathLike[str] | None = None,
            sentences: bool = False, max_bytes: int | None = None, block_chars: int = DEFAULT_BLOCK_CHARS,
            encoding: str = "utf-8") -> Result:
    """Check one article: a ``str`` is the article's text, a ``pathlib.Path`` (any ``os.PathLike``) a file.

    ``format`` is the input format (``text``, ``markdown``, ``html``; None: from the file name, else sniffed).
    ``path`` names in-memory text (its suffix gives the format, its folder the config). ``config`` is a
    config file or :class:`~claimx.config.Settings`; None discovers the config as ``claimx check`` does;
    ``isolated`` ignores config files. ``select``/``ignore``/``extend_select``/``fail_on`` act like the
    command-line options; ``baseline`` is a baseline file; ``max_bytes`` (None: no limit) is ``--max-size``;
    a text or Markdown file larger than ``block_chars`` is checked in sections (``--block-size``), one
    document per section. ``encoding`` is ``--encoding``: the encoding of a file (a codec name such as
    ``cp1252``, or ``auto`` to detect it; a byte-order mark wins; ValueError for a name Python does not know),
    also when it is read in sections; a ``str`` is text already. ``result.to_json()`` equals
    ``claimx check --format json`` on the same input.
    """
    if format is not None and format not in INPUT_FORMATS:
        raise ValueError(f"format: expected one of {', '.join(INPUT_FORMATS)}, got {format!r}")
    checker = _checker(config, isolated, select, ignore, extend_select, fail_on, baseline, sentences, max_bytes, 1,
                       block_chars, encoding)
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
                 max_bytes: int | None = None, jobs: int = 1,
                 block_chars: int = DEFAULT_BLOCK_CHARS,
                 on_result: Callable[[DocumentResult], None] | None = None, encoding: str = "utf-8") -> Result:
    """Check files and folders (walked like ``claimx check`` walks them) into one :class:`Result`. A path that
    cannot be read gives a document with ``error`` set; the others are still checked. ``jobs``: worker
    processes (0: the available cores); text and Markdown files larger than ``block_chars`` characters are
    checked in sections (one document per section, ``DocumentResult.section`` set), as ``claimx check``
    does with ``--jobs`` and ``--block-size``; ``max_bytes`` None: no size limit; ``encoding``: that of the
    files, as in :func:`analyze`."""
    checker = _checker(config, isolated, select, ignore, extend_select, fail_on, baseline, sentences, max_bytes,
                       jobs, block_chars, encoding)
    return checker.run(checker.collect(paths), on_result)


__all__ = ["Checker", "Result", "Source", "analyze", "analyze_many", "post_process"]


def _over_limit(max_bytes: int) -> str:
    return f"input is over the {max_bytes / 1e6:.1f} MB limit; raise it with --max-size (in MB)"
