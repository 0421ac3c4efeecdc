"""Command-line interface: ``claimx check``, ``claimx rules``, ``claimx rule CODE``, ``claimx config``,
``claimx eval``."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from claimx import __version__
from claimx.baseline import BaselineError, load_baseline, write_baseline
from claimx.config import ConfigError, Settings, format_settings, load_settings
from claimx.pipeline import Pipeline, PipelineOptions
from claimx.policy import exit_code
from claimx.read import KNOWN_SUFFIXES, InputError, check_encoding, decode_as, format_for
from claimx.records import DocumentResult, Finding
from claimx.render import render_delimited, render_json, render_jsonl, render_table
from claimx.render_ci import render_concise, render_github, render_sarif, render_statistics
from claimx.rules import all_rules, get_rule, render_rule_doc
from claimx.suppress import apply_suppressions, parse_directives

app = typer.Typer(
    name="claimx",
    help="Check health articles for claims: intervention, outcome, direction, hedges, sources; flag "
         "unsupported and contradictory claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    table = "table"
    text = "text"  # the same as table (the config's name for it)
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    concise = "concise"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _err(message: str) -> None:
    sys.stderr.write(f"claimx: {' '.join(str(message).split())}\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimx {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """claimx: a claim checker for health writing."""


@dataclass
class _Input:
    path: Path | None  # None: stdin
    display: str
    error: str | None = None


def _collect(paths: list[str], stdin_filename: str | None, settings_for) -> list[_Input]:
    inputs: list[_Input] = []
    for raw in paths:
        if raw == "-":
            inputs.append(_Input(None, stdin_filename or "<stdin>"))
            continue
        p = Path(raw)
        if p.is_dir():
            settings = settings_for(p)
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES
                and not (settings and settings.is_excluded(f))
            )
            if not found:
                inputs.append(_Input(p, raw, "directory holds no articles (.txt, .md, .html)"))
            inputs.extend(_Input(f, str(f)) for f in found)
        elif not p.exists():
            inputs.append(_Input(p, raw, "no such file"))
        else:
            inputs.append(_Input(p, raw))
    return inputs


def _read_stdin(max_bytes: int) -> bytes:
    """Standard input, at most ``max_bytes`` (+1 to tell that it is over: ``- < /dev/zero`` ends)."""
    try:
        return sys.stdin.buffer.read(max_bytes + 1)
    except (OSError, ValueError):
        return b""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _post_process(result: DocumentResult, settings: Settings) -> DocumentResult:
    """Suppression comments, the accept list, then rule selection and severities."""
    findings: tuple[Finding, ...] = result.findings
    if result.document is not None and result.document.comments:
        directives = parse_directives(result.document.comments)
        kept, extra = apply_suppressions(findings, directives, result.sentences, result.path)
        findings = (*kept, *extra)
    findings = settings.selection.apply(settings.drop_accepted(findings, result.claims))
    return replace(result, findings=tuple(sorted(findings, key=lambda f: (f.start, f.code))))


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to check; '-' reads standard input.")],
    output_format: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: table, or `format` from the config).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(
        help="Name (and so format and config) of the article read from standard input.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Lowest severity that makes the run fail with exit 1 (default: warning).")] = None,
    exit_zero: Annotated[bool, typer.Option(help="Exit 0 even when findings are reported.")] = False,
    select: Annotated[str | None, typer.Option(help="Comma-separated rule codes or prefixes to enable.")] = None,
    ignore: Annotated[str | None, typer.Option(help="Comma-separated rule codes or prefixes to disable.")] = None,
    extend_select: Annotated[str | None, typer.Option(help="Rule codes or prefixes to add.")] = None,
    config: Annotated[Path | None, typer.Option(help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option(help="Ignore all configuration files.")] = False,
    baseline: Annotated[Path | None, typer.Option(help="Findings recorded in this baseline do not fail.")] = None,
    write_baseline_to: Annotated[Path | None, typer.Option(
        "--write-baseline", help="Record the current findings in this baseline file.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only: no summary, no progress.")] = False,
    statistics: Annotated[bool, typer.Option(help="Print the number of findings per rule code.")] = False,
    sentences: Annotated[bool, typer.Option(help="JSON: add every sentence with its kind and hedge cues.")] = False,
    max_size: Annotated[float, typer.Option(help="Largest input file in MB.")] = 16.0,
    encoding: Annotated[str, typer.Option(
        help="Encoding of the input files: utf-8 (strict, the default), a codec name such as cp1252 or "
             "latin-1, or 'auto' to detect it (reported as 'encoding' in JSON). A byte-order mark wins.")] = "utf-8",
) -> None:
    """Check health articles and report their claims."""
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select,
                 "fail_on": fail_on.value if fail_on else None}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    settings_cache: dict[str, Settings] = {}
    config_error: list[str] = []

    def settings_for(path: Path | str | None) -> Settings | None:
        folder = str(Path(path).resolve().parent if path and Path(path).is_file() else Path(path or ".").resolve())
        if folder not in settings_cache:
            try:
                settings_cache[folder] = load_settings(folder, config, isolated, overrides)
            except ConfigError as exc:
                config_error.append(str(exc))
                return None
        return settings_cache[folder]

    for target in (output, write_baseline_to):
        if target is not None and not target.parent.is_dir():
            _err(f"{target}: cannot write: folder {target.parent} does not exist")
            raise typer.Exit(2)
    try:
        encoding = check_encoding(encoding)
    except ValueError as exc:
        _err(f"--encoding: {exc}")
        raise typer.Exit(2) from None
    if paths.count("-") > 1:
        _err("'-' (standard input) can be given only once")
        raise typer.Exit(2)
    base_settings = settings_for(Path.cwd())
    if base_settings is None:
        _err(config_error[0])
        raise typer.Exit(2)
    inputs = _collect(paths, stdin_filename, settings_for)
    for flag, target in (("--output", output), ("--write-baseline", write_baseline_to)):
        clash = next((i.display for i in inputs if target is not None and i.path is not None
                      and _same_file(i.path, target)), None)
        if clash is not None:
            _err(f"{flag} {target} is one of the input files ({clash}); choose another file")
            raise typer.Exit(2)
    pipelines: dict[tuple, Pipeline] = {}
    results: list[DocumentResult] = []
    fail_levels: dict[str, str] = {}  # path -> the fail-on of the config that governs it
    first_settings: Settings | None = None
    had_errors = False
    show_progress = not quiet and len(inputs) > 1 and sys.stderr.isatty()
    progress = None
    if show_progress:
        from rich.progress import Progress
        progress = Progress(console=Console(stderr=True), transient=True)
        progress.start()
        task = progress.add_task("checking", total=len(inputs))
    try:
        for item in inputs:
            settings = settings_for(item.path if item.path else (Path(item.display).parent if stdin_filename
                                                                   else Path.cwd()))
            if settings is None:
                _err(config_error[-1])
                results.append(DocumentResult(path=item.display, error=config_error[-1]))
                had_errors = True
                continue
            if first_settings is None:
                first_settings = settings
            if item.error:
                _err(f"{item.display}: {item.error}")
                results.append(DocumentResult(path=item.display, error=item.error))
                had_errors = True
                continue
            key = (settings.vocab_interventions, settings.vocab_outcomes, settings.vocab_sources)
            if key not in pipelines:
                pipelines[key] = Pipeline(PipelineOptions(
                    tuple(str(p) for p in settings.vocab_interventions),
                    tuple(str(p) for p in settings.vocab_outcomes),
                    tuple(str(p) for p in settings.vocab_sources),
                    int(max_size * 1_000_000),
                    all_mentions=sentences,
                    encoding=encoding,
                ))
            pipeline = pipelines[key]
            if item.path is None:
                limit = int(max_size * 1_000_000)
                try:
                    data = _read_stdin(limit)
                    if len(data) > limit:
                        raise InputError(f"standard input is over the {limit / 1e6:.1f} MB limit; raise it with "
                                         f"--max-size (in MB)")
                    text, used = decode_as(data, encoding)
                    result = pipeline.check_text(text, item.display, format_for(item.display), used)
                except InputError as exc:
                    result = DocumentResult(path=item.display, error=str(exc))
            else:
                result = pipeline.check_path(item.path, item.display)
            if result.error is not None:
                _err(f"{result.path}: {result.error}")
                had_errors = True
            else:
                if encoding == "auto" and result.document is not None and not quiet \
                        and result.document.encoding != "utf-8":
                    sys.stderr.write(f"claimx: {result.path}: read as {result.document.encoding}\n")
                if not quiet:
                    for note in result.limits:
                        sys.stderr.write(f"claimx: {result.path}: limit: {note}\n")
                result = _post_process(result, settings)
            fail_levels[result.path] = settings.fail_on
            results.append(result)
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()

    baselined = 0
    if write_baseline_to is not None:
        try:
            n = write_baseline(write_baseline_to, [f for r in results for f in r.findings])
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        if not quiet:
            sys.stderr.write(f"claimx: wrote {n} findings to baseline {write_baseline_to}\n")
    if baseline is not None:
        try:
            base = load_baseline(baseline)
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        new_results = []
        for r in results:
            kept, count = base.filter(r.findings)
            baselined += count
            new_results.append(replace(r, findings=tuple(kept)))
        results = new_results

    governing = first_settings or base_settings  # the config of the first checked file, else the cwd's
    fmt = output_format.value if output_format else governing.format
    fmt = "table" if fmt == "text" else fmt
    text = _render(results, fmt, statistics, sentences, output, quiet, governing)
    if text is not None:
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                _err(f"{output}: cannot write: {exc.strerror or exc}")
                raise typer.Exit(2) from None
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    if baselined and not quiet:
        sys.stderr.write(f"claimx: {baselined} findings are in the baseline\n")
    # each file fails by the fail-on of its own configuration (or --fail-on)
    code = max((exit_code(r.findings, fail_on.value if fail_on else fail_levels.get(r.path, governing.fail_on),
                          exit_zero, had_errors) for r in results), default=exit_code((), governing.fail_on,
                                                                                       exit_zero, had_errors))
    raise typer.Exit(code)


def _render(results: list[DocumentResult], fmt: str, statistics: bool, sentences: bool, output: Path | None,
            quiet: bool, settings: Settings) -> str | None:
    if statistics:
        return render_statistics(results)
    if fmt == "json":
        return render_json(results, sentences)
    if fmt == "jsonl":
        return render_jsonl(results, sentences)
    if fmt == "csv":
        return render_delimited(results, ",")
    if fmt == "tsv":
        return render_delimited(results, "\t")
    if fmt == "concise":
        return render_concise(results)
    if fmt == "github":
        return render_github(results)
    if fmt == "sarif":
        return render_sarif(results, settings.selection.enabled_rules())
    # table
    no_color = bool(os.environ.get("NO_COLOR")) or output is not None
    if output is not None:
        console = Console(record=True, width=100, no_color=True, file=open(os.devnull, "w"))  # noqa: SIM115
        render_table(results, console)
        return console.export_text()
    is_tty = sys.stdout.isatty()
    width = None if is_tty else int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 100
    console = Console(no_color=no_color or not is_tty, force_terminal=is_tty and not no_color,
                      width=width, highlight=False, soft_wrap=False)
    shown = results
    if quiet:
        shown = [replace(r, claims=tuple(c for c in r.claims if any(f.claim_id == c.id for f in r.findings)))
                 for r in results]
    render_table(shown, console)
    return None


@app.command("rules")
def rules_cmd() -> None:
    """List every check with its code, name and default severity."""
    for rule in all_rules():
        typer.echo(f"{rule.code}  {rule.name:<24} {rule.severity:<8} {rule.short_description}")


@app.command("rule")
def rule_cmd(code: Annotated[str, typer.Argument(help="A rule code, e.g. CX101.")]) -> None:
    """Explain one check: what it finds, why it matters, an example and what to write instead."""
    try:
        rule = get_rule(code.upper())
    except KeyError:
        _err(f"unknown rule code '{code}'; see 'claimx rules'")
        raise typer.Exit(2) from None
    typer.echo(render_rule_doc(rule))


@app.command("config")
def config_cmd(
    path: Annotated[Path | None, typer.Argument(help="File or folder whose settings to show.")] = None,
    config: Annotated[Path | None, typer.Option(help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option(help="Ignore all configuration files.")] = False,
) -> None:
    """Print the effective settings and where each came from."""
    try:
        settings = load_settings(str(path or Path.cwd()), config, isolated, {})
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    typer.echo(format_settings(settings))


def _register_eval() -> None:
    from claimx.evaluate import eval_command

    app.command("eval")(eval_command)


_register_eval()


def main() -> None:
    app()


__all__ = ["app", "main"]
