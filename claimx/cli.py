"""Command-line interface: ``claimx check``, ``claimx rules``, ``claimx rule CODE``, ``claimx config``,
``claimx eval``, ``claimx corpus``."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from claimx import __version__
from claimx.config import ConfigError

if TYPE_CHECKING:
    from claimx.api import Source
    from claimx.records import DocumentResult

# Only what every command needs is imported here: ``claimx --help``, ``rules``, ``rule`` and ``schema`` load
# neither spaCy nor the pipeline (``check`` imports them when it runs).

app = typer.Typer(
    name="claimx",
    help="Check health articles for claims: intervention, outcome, direction, hedges, sources; flag "
         "unsupported and contradictory claims.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: one line per option, readable at 80 columns
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
    html = "html"
    xlsx = "xlsx"


class CsvRows(StrEnum):
    claims = "claims"
    findings = "findings"
    sources = "sources"


class ShardFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


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


STDIN_MAX_BYTES = 256_000_000  # standard input without --max-size: never read forever (``- < /dev/zero``)


def _read_stdin(max_bytes: int | None) -> bytes:
    """Standard input, at most ``max_bytes`` (+1 to tell that it is over: ``- < /dev/zero`` ends)."""
    try:
        return sys.stdin.buffer.read((max_bytes or STDIN_MAX_BYTES) + 1)
    except (OSError, ValueError):
        return b""


def _several_inputs(paths: list[str], jobs: int | None) -> bool:
    """Whether a run will likely use worker processes: ``--jobs N`` with N > 1, or by default several inputs
    (more than one path, or a folder)."""
    if jobs is not None:
        return jobs > 1
    from claimx.batch import cpu_count

    return cpu_count() > 1 and (len(paths) > 1 or any(p != "-" and os.path.isdir(p) for p in paths))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(metavar="PATH",
                                               help="Files or folders to check; '-' reads standard input.")],
    output_format: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: table, or `format` from the config).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to this file.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(
        metavar="NAME", help="Name (and so format and config) of the article read from standard input.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Lowest severity that makes the run fail with exit 1 (default: warning).")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")] = False,
    select: Annotated[list[str] | None, typer.Option(
        metavar="CODES", help="Rule codes or prefixes to enable (comma-separated; repeatable).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        metavar="CODES", help="Rule codes or prefixes to disable (comma-separated; repeatable).")] = None,
    extend_select: Annotated[list[str] | None, typer.Option(
        metavar="CODES", help="Rule codes or prefixes to add (comma-separated; repeatable).")] = None,
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")] = False,
    baseline: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Findings recorded in this baseline do not fail.")] = None,
    write_baseline_to: Annotated[Path | None, typer.Option(
        "--write-baseline", metavar="FILE",
        help="Record the current findings in this baseline file (and exit 0).")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print findings only: no summary, no progress.")] = False,
    show_all: Annotated[bool, typer.Option("--show-all",
        help="Table: also list the claims that have no findings.")] = False,
    csv_rows: Annotated[CsvRows, typer.Option(
        help="CSV/TSV: one row per claim, per finding, or per source the article names.")] = CsvRows.claims,
    bom: Annotated[bool, typer.Option("--bom",
        help="CSV/TSV: start with a UTF-8 byte order mark (for spreadsheets opened by double-click).")] = False,
    statistics: Annotated[bool, typer.Option("--statistics",
        help="Print the number of findings per rule code (as JSON with --format json).")] = False,
    sentences: Annotated[bool, typer.Option(
        "--sentences", help="JSON: add every sentence with its kind and hedge cues.")] = False,
    max_size: Annotated[float | None, typer.Option(
        metavar="MB", help="Refuse input files larger than this many MB (default: no limit).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="N",
        help="Worker processes (default: the available cores for several inputs, 1 for one).")] = None,
    block_size: Annotated[float, typer.Option(
        metavar="MB", help="Check text and Markdown files larger than this many MB in sections of about this "
                           "size, in bounded memory.")] = 2.0,
    dask: Annotated[str | None, typer.Option(
        metavar="ADDRESS", help="Run on the Dask cluster at this scheduler address, or local:N (needs "
                                "claimx[dask]); writes JSON Lines shards to --output DIR.")] = None,
    shard_format: Annotated[ShardFormat | None, typer.Option(
        help="--dask: write the shards as JSON Lines (the default) or Apache Parquet (one row per document, "
             "with its JSON line in the 'document' column; needs claimx[dask]).")] = None,
    encoding: Annotated[str, typer.Option(
        help="Encoding of the input files: utf-8 (strict, the default), a codec name such as cp1252 or "
             "latin-1, or 'auto' to detect it (reported as 'encoding' in JSON). A byte-order mark wins.")] = "utf-8",
) -> None:
    """Check health articles and report their claims."""
    if dask is None and _several_inputs(paths, jobs):
        from claimx.batch import start_workers_early

        start_workers_early()
    from claimx.api import Checker, Source
    from claimx.baseline import BaselineError, write_baseline
    from claimx.read import check_encoding
    from claimx.render_stream import STREAMED, open_sink

    for target in (output, write_baseline_to):
        if target is not None and dask is None and not target.parent.is_dir():
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
    # a repeated option accumulates: --select CX1 --select CX2 is --select CX1,CX2
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select,
                 "fail_on": fail_on.value if fail_on else None}
    try:
        checker = Checker(config, isolated=isolated, overrides=overrides, baseline=baseline,
                          sentences=sentences, max_bytes=int(max_size * 1_000_000) if max_size else None,
                          jobs=max(1, jobs) if jobs is not None else 0,
                          block_chars=max(1000, int(block_size * 1_000_000)), encoding=encoding)
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    sources: list[Source] = []
    for raw in paths:
        if raw == "-":
            sources.append(Source(stdin_filename or "<stdin>", data=_read_stdin(checker.max_bytes)))
        else:
            sources.extend(checker.collect([raw]))
    for flag, target in (("--output", output), ("--write-baseline", write_baseline_to)):
        clash = next((s.display for s in sources if target is not None and s.path is not None
                      and _same_file(s.path, target)), None)
        if clash is not None:
            _err(f"{flag} {target} is one of the input files ({clash}); choose another file")
            raise typer.Exit(2)

    if shard_format is not None and dask is None:
        _err("--shard-format applies to --dask runs only (use --format for a local run)")
        raise typer.Exit(2)
    if dask is not None:  # distributed run: claimx.distributed writes shards and a summary
        if baseline is not None or write_baseline_to is not None or statistics:
            _err("--dask cannot be combined with --baseline, --write-baseline or --statistics")
            raise typer.Exit(2)
        from claimx.distributed import run_on_dask

        raise typer.Exit(run_on_dask(dask, checker, sources, output, quiet, fail_on.value if fail_on else None,
                                     exit_zero, shard_format.value if shard_format else "jsonl"))

    # JSON, JSON Lines, CSV and TSV are written as each result comes (bounded memory for large runs); the
    # format is known before the run: --format, else the config of the first input
    fmt = output_format.value if output_format else checker.format_for(sources)
    fmt = "table" if fmt == "text" else fmt
    if fmt == "xlsx" and output is None and not statistics:
        _err("--format xlsx writes a binary file: give it with -o FILE.xlsx")
        raise typer.Exit(2)
    sink = out_file = None
    if fmt in STREAMED and not statistics and write_baseline_to is None:
        if output is not None:
            try:
                out_file = output.open("w", encoding="utf-8", newline="")
            except OSError as exc:
                _err(f"{output}: cannot write: {exc.strerror or exc}")
                raise typer.Exit(2) from None
        sink = open_sink(fmt, out_file, sentences, csv_rows.value, bom)

    show_progress = not quiet and len(sources) > 1 and sys.stderr.isatty()
    progress = None
    if show_progress:
        from rich.console import Console
        from rich.progress import Progress
        progress = Progress(console=Console(stderr=True), transient=True)
        progress.start()
        task = progress.add_task("checking", total=len(sources))

    # the concise report names each unreadable file on a line of its own: written to the terminal, it would
    # show the error twice if the error went to standard error as well
    errors_in_report = fmt == "concise" and output is None and not statistics and write_baseline_to is None

    def on_result(result: DocumentResult) -> None:
        if result.error is not None:
            if not errors_in_report:
                _err(f"{result.path}: {result.error}")
        elif not quiet:
            first = result.section is None or result.section.index == 0  # once per file, not per section
            if first and result.document is not None and result.document.encoding != "utf-8":
                sys.stderr.write(f"claimx: {result.path}: read as {result.document.encoding}\n")
            for note in result.limits:
                sys.stderr.write(f"claimx: {result.path}: limit: {note}\n")
        if sink is not None:
            sink.write(result)
        if progress is not None and (result.section is None or result.section.last or result.error is not None):
            progress.advance(task)

    try:
        result = checker.run(sources, on_result, keep=sink is None)
        if sink is not None:
            sink.close()
    except BaselineError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
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
            n = write_baseline(write_baseline_to, result.findings)
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        if not quiet:
            sys.stderr.write(f"claimx: wrote {n} finding{'' if n == 1 else 's'} to baseline {write_baseline_to}\n")
        raise typer.Exit(2 if result.errors else 0)

    if sink is not None:
        _report_baselined(result.baselined, quiet)
        raise typer.Exit(result.exit_code(fail_on.value if fail_on else None, exit_zero))
    width, color = None, False
    if fmt == "table" and output is None:
        is_tty = sys.stdout.isatty()
        color = is_tty and not os.environ.get("NO_COLOR")
        from rich.console import Console

        width = Console().width if is_tty else (int(os.environ["COLUMNS"])
                                                if os.environ.get("COLUMNS", "").isdigit() else None)
    rendered = result.render(fmt, width=width, color=color, show_all=show_all, quiet=quiet, rows=csv_rows.value,
                             bom=bom, statistics=statistics, fail_on=fail_on.value if fail_on else None)
    if output is not None:
        try:
            output.write_bytes(rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
        except OSError as exc:
            _err(f"{output}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(2) from None
    else:
        if isinstance(rendered, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(rendered)
        else:
            sys.stdout.write(rendered)
        sys.stdout.flush()
    _report_baselined(result.baselined, quiet)
    raise typer.Exit(result.exit_code(fail_on.value if fail_on else None, exit_zero))


def _report_baselined(n: int, quiet: bool) -> None:
    if n and not quiet:
        sys.stderr.write(f"claimx: {n} finding{' is' if n == 1 else 's are'} in the baseline\n")


@app.command("rules")
def rules_cmd() -> None:
    """List every check with its code, name and default severity."""
    import shutil
    import textwrap

    from claimx.rules import all_rules

    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
    for rule in all_rules():
        typer.echo(f"{rule.code}  {rule.name:<22} {rule.severity}")
        typer.echo(textwrap.fill(rule.short_description, width, initial_indent=" " * 7, subsequent_indent=" " * 7))
    typer.echo("\n'claimx rule CODE': why a rule matters, an example and what to write instead.")


@app.command("rule")
def rule_cmd(code: Annotated[str, typer.Argument(help="A rule code, e.g. CX101.")]) -> None:
    """Explain one check: what it finds, why it matters, an example and what to write instead."""
    from claimx.rules import get_rule, render_rule_doc

    try:
        rule = get_rule(code.upper())
    except KeyError:
        _err(f"unknown rule code '{code}'; see 'claimx rules'")
        raise typer.Exit(2) from None
    typer.echo(render_rule_doc(rule))


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema (draft 2020-12) of the JSON and JSON Lines output."""
    from claimx.output import json_schema

    sys.stdout.write(json_schema())


@app.command("config")
def config_cmd(
    path: Annotated[Path | None, typer.Argument(help="File or folder whose settings to show.")] = None,
    config: Annotated[Path | None, typer.Option(help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")] = False,
) -> None:
    """Print the effective settings and where each came from."""
    from claimx.config import format_settings, load_settings

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


def _exit_status(code: object) -> int:
    """The process status ``sys.exit(code)`` gives (a message is printed to stderr, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def console() -> NoReturn:
    """The ``claimx`` command: ``main()``, then the process ends without the interpreter's teardown.

    Once the command has written its output and closed its files, tearing down the loaded pipeline (spaCy
    vocabularies, the syntactic model, some hundred thousand objects freed one by one) only costs time,
    about a sixth of a second of a one-article run, so the streams are flushed and the process exits at
    once. ``atexit`` handlers are run first (nothing of claimx's registers one; libraries' do)."""
    try:
        main()
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except KeyboardInterrupt:
        status = 130
    try:
        import atexit

        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away (| head) or a stream was closed
        status = status or 1
    os._exit(status)


__all__ = ["app", "console", "main"]
