"""Render stage, incrementally: each result is written as soon as it is checked (JSON, JSON Lines, CSV, TSV,
table), so a run over a large file or many files holds one result at a time. The bytes are those of the
whole-run renderers in ``claimx.render``. The CI formats (concise, GitHub, SARIF) and ``--statistics`` sort or
count over the whole run, so they keep the results until the end.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable
from typing import TextIO

from claimx import __version__
from claimx.records import DocumentResult
from claimx.render import CSV_COLUMNS, SCHEMA_VERSION, document_dict, neutralise, rows

STREAMED = frozenset({"json", "jsonl", "csv", "tsv", "table"})


class Sink:
    """Writes results one by one to ``out``; ``close`` ends the output."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, result: DocumentResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class JsonLinesSink(Sink):
    def __init__(self, out: TextIO, sentences: bool = False) -> None:
        super().__init__(out)
        self.sentences = sentences

    def write(self, result: DocumentResult) -> None:
        d = {"schema_version": SCHEMA_VERSION, **document_dict(result, self.sentences)}
        self.out.write(json.dumps(d, ensure_ascii=False) + "\n")


class JsonSink(Sink):
    """The JSON document of ``render_json``, written one document at a time."""

    def __init__(self, out: TextIO, sentences: bool = False) -> None:
        super().__init__(out)
        self.sentences = sentences
        empty = json.dumps({"schema_version": SCHEMA_VERSION, "tool": {"name": "claimx", "version": __version__},
                            "documents": []}, ensure_ascii=False, indent=2)
        self.head, self.tail = empty.rsplit("[]", 1)
        self.count = 0

    def write(self, result: DocumentResult) -> None:
        text = json.dumps(document_dict(result, self.sentences), ensure_ascii=False, indent=2)
        body = "\n".join("    " + line for line in text.split("\n"))
        self.out.write((self.head + "[\n" if not self.count else ",\n") + body)
        self.count += 1

    def close(self) -> None:
        self.out.write((self.head + "[]" if not self.count else "\n  ]") + self.tail + "\n")
        super().close()


class DelimitedSink(Sink):
    def __init__(self, out: TextIO, delimiter: str) -> None:
        super().__init__(out)
        self.delimiter = delimiter
        self.writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self.writer.writerow(CSV_COLUMNS)

    def write(self, result: DocumentResult) -> None:
        for row in rows([result]):
            cells = [neutralise(c) for c in row]
            if self.delimiter == "\t":
                cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
            self.writer.writerow(cells)


class TableSink(Sink):
    """The rich table of ``render_table``: to a terminal (colours), or plain text 100 columns wide to a file."""

    def __init__(self, out: TextIO, to_file: bool, shown: Callable[[DocumentResult], DocumentResult]) -> None:
        from rich.console import Console

        super().__init__(out)
        self.shown = shown
        self.to_file = to_file
        if to_file:
            self.console = Console(record=True, width=100, no_color=True, file=open(os.devnull, "w"))  # noqa: SIM115
        else:
            no_color = bool(os.environ.get("NO_COLOR"))
            is_tty = out.isatty()
            width = None if is_tty else int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() \
                else 100
            self.console = Console(file=out, no_color=no_color or not is_tty, force_terminal=is_tty and not no_color,
                                   width=width, highlight=False, soft_wrap=False)

    def write(self, result: DocumentResult) -> None:
        from claimx.render import render_table

        render_table([self.shown(result)], self.console)
        if self.to_file:
            self.out.write(self.console.export_text(clear=True))


def open_sink(fmt: str, out: TextIO | None, sentences: bool = False, to_file: bool = False,
              shown: Callable[[DocumentResult], DocumentResult] = lambda r: r) -> Sink:
    """The incremental writer of ``fmt`` (one of ``STREAMED``) to ``out`` (default: standard output)."""
    out = out or sys.stdout
    if fmt == "jsonl":
        return JsonLinesSink(out, sentences)
    if fmt == "json":
        return JsonSink(out, sentences)
    if fmt in ("csv", "tsv"):
        return DelimitedSink(out, "," if fmt == "csv" else "\t")
    if fmt == "table":
        return TableSink(out, to_file, shown)
    raise ValueError(f"format {fmt!r} is not written incrementally")
