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

from claimx import __version__, batch
from claimx.baseline import BaselineError, load_baseline, write_baseline
from claimx.config import ConfigError, Settings, format_settings, load_settings
from claimx.policy import exit_code
from claimx.read import KNOWN_SUFFIXES, format_for
from claimx.records import DocumentResult, Finding
from claimx.render import render_delimited, render_json, render_jsonl, render_table
from claimx.render_ci import render_concise, render_github, render_sarif, render_statistics
from claimx.render_stream import STREAMED, open_sink
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


def _read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError):
        return b""


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
    max_size: Annotated[float | None, typer.Option(
        help="Refuse input files larger than this many MB (default: no limit).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: the available "
                                             "cores for several inputs, 1 for one).")] = None,
    block_size: Annotated[float, typer.Option(help="Check text and Markdown files larger than this many MB in "
                                              "sections of about this size, in bounded memory.")] = 2.0,
    dask: Annotated[str | None, typer.Option(help="Run on the Dask cluster at this scheduler address "
                                             "(needs claimx[dask]); writes JSONL shards to --output DIR.")] = None,
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
    if paths.count("-") > 1:
        _err("'-' (standard input) can be given only once")
        raise typer.Exit(2)
    base_settings = settings_for(Path.cwd())
    if base_settings is None:
        _err(config_error[0])
        raise typer.Exit(2)
    inputs = _collect(paths, stdin_filename, settings_for)
    plan = _plan(inputs, stdin_filename, settings_for, config_error)
    first_settings = next((st for _, st, _ in plan if st is not None), None)
    governing = first_settings or base_settings  # the config of the first checked file, else the cwd's
    fmt = output_format.value if output_format else governing.format
    fmt = "table" if fmt == "text" else fmt
    max_bytes = int(max_size * 1_000_000) if max_size else 0
    block_chars = max(1000, int(block_size * 1_000_000))

    from claimx.pipeline import PipelineOptions

    def options_for(settings: Settings) -> PipelineOptions:
        return PipelineOptions(
            tuple(str(p) for p in settings.vocab_interventions),
            tuple(str(p) for p in settings.vocab_outcomes),
            tuple(str(p) for p in settings.vocab_sources),
            max_bytes or sys.maxsize,
            all_mentions=sentences,
        )

    if dask is not None:  # distributed run: claimx.distributed writes shards and a summary
        if baseline is not None or write_baseline_to is not None or statistics:
            _err("--dask cannot be combined with --baseline, --write-baseline or --statistics")
            raise typer.Exit(2)
        from claimx.distributed import run_on_dask
        raise typer.Exit(run_on_dask(dask, plan, options_for, output, block_chars, max_bytes, quiet,
                                     fail_on.value if fail_on else None, exit_zero))
    if jobs is None:
        jobs = batch.cpu_count() if len(inputs) > 1 else 1
    if not any(item.path is not None and item.path.is_file() and item.path.stat().st_size > block_chars
               for item in inputs):
        jobs = min(jobs, len(inputs))  # no more workers than files, unless a file comes in sections
    jobs = max(1, jobs)

    base = None
    if baseline is not None:
        try:
            base = load_baseline(baseline)
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None

    fail_levels: dict[int, str] = {i: st.fail_on for i, (_, st, _) in enumerate(plan) if st is not None}
    had_errors = False
    code = exit_code((), fail_on.value if fail_on else governing.fail_on, exit_zero, False)
    baselined = 0
    all_findings: list[Finding] = []  # for --write-baseline
    kept: list[DocumentResult] = []  # formats that sort or count over the whole run
    streamed = fmt in STREAMED and not statistics
    out_file = None
    sink = None
    if streamed:
        if output is not None:
            try:
                out_file = output.open("w", encoding="utf-8")
            except OSError as exc:
                _err(f"{output}: cannot write: {exc.strerror or exc}")
                raise typer.Exit(2) from None
        sink = open_sink(fmt, out_file, sentences, output is not None,
                         _claims_with_findings if quiet else lambda r: r)
    show_progress = not quiet and len(inputs) > 1 and sys.stderr.isatty()
    progress = None
    if show_progress:
        from rich.progress import Progress
        progress = Progress(console=Console(stderr=True), transient=True)
        progress.start()
        task_id = progress.add_task("checking", total=len(inputs))
    warm = options_for(first_settings) if first_settings is not None and jobs > 1 else None
    try:
        for task, result in batch.run(_tasks(plan, options_for, block_chars, max_bytes), jobs, warm):
            settings = plan[task.tag][1]
            if result.error is not None:
                _err(f"{result.path}: {result.error}")
                had_errors = True
            elif settings is not None:
                result = _post_process(result, settings)
            if base is not None:
                findings, count = base.filter(result.findings)
                baselined += count
                result = replace(result, findings=tuple(findings))
            if write_baseline_to is not None:
                all_findings.extend(result.findings)
            level = fail_on.value if fail_on else fail_levels.get(task.tag, governing.fail_on)
            code = max(code, exit_code(result.findings, level, exit_zero, False))
            if sink is not None:
                sink.write(result)
            else:
                kept.append(result)
            if progress is not None and (task.section is None or task.last or task.error is not None):
                progress.advance(task_id)
        if sink is not None:
            sink.close()
    except OSError as exc:
        _err(f"{output or 'standard output'}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    finally:
        if progress is not None:
            progress.stop()
        if out_file is not None:
            out_file.close()

    if write_baseline_to is not None:
        try:
            n = write_baseline(write_baseline_to, all_findings)
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        if not quiet:
            sys.stderr.write(f"claimx: wrote {n} findings to baseline {write_baseline_to}\n")
    if not streamed:
        text = _render(kept, fmt, statistics, sentences, output, quiet, governing)
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
    raise typer.Exit(exit_code((), governing.fail_on, exit_zero, True) if had_errors else code)


def _claims_with_findings(r: DocumentResult) -> DocumentResult:
    """--quiet table: only the claims that have findings."""
    return replace(r, claims=tuple(c for c in r.claims if any(f.claim_id == c.id for f in r.findings)))


def _plan(inputs: list[_Input], stdin_filename: str | None, settings_for, config_error: list[str]
          ) -> list[tuple[_Input, Settings | None, str | None]]:
    """Each input with the settings that govern it and its error (an unreadable path or a bad config)."""
    plan: list[tuple[_Input, Settings | None, str | None]] = []
    for item in inputs:
        settings = settings_for(item.path if item.path else (Path(item.display).parent if stdin_filename
                                                               else Path.cwd()))
        if settings is None:
            plan.append((item, None, config_error[-1]))
        else:
            plan.append((item, settings, item.error))
    return plan


def _tasks(plan, options_for, block_chars: int, max_bytes: int):
    """The units of work of the run, in input order (large files in sections, read as they are consumed)."""
    for tag, (item, settings, error) in enumerate(plan):
        if settings is None or error is not None:
            yield batch.Task(tag, item.display, None, error=error)
            continue
        options = options_for(settings)
        if item.path is None:
            from claimx.read import InputError, decode
            try:
                text = decode(_read_stdin())
            except InputError as exc:
                yield batch.Task(tag, item.display, options, error=str(exc))
                continue
            yield batch.Task(tag, item.display, options, text=text, fmt=format_for(item.display))
            continue
        yield from batch.file_tasks(tag, item.path, item.display, options, format_for(str(item.path)),
                                    block_chars, max_bytes)


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


def _register_corpus() -> None:
    from claimx.corpus import corpus_command

    app.command("corpus")(corpus_command)


_register_corpus()


def main() -> None:
    app()


__all__ = ["app", "main"]
