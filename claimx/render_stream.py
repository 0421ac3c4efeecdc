"""Render stage, incrementally: each result is written as soon as it is checked (JSON, JSON Lines, CSV, TSV),
fed by ``claimx.api.Checker.run``'s ``on_result``, so a run over a large file or many files holds one result
at a time. The bytes are those of the whole-run renderers in ``claimx.render``. The table (its column widths
and summary), HTML, XLSX, the CI formats (concise, GitHub, SARIF) and ``--statistics`` lay out, sort or count
over the whole run, so they are rendered from the finished ``Result``.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import TextIO

from claimx import __version__
from claimx.records import DocumentResult
from claimx.render import ROW_SHAPES, SCHEMA_VERSION, document_dict, neutralise, rows

STREAMED = frozenset({"json", "jsonl", "csv", "tsv"})


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
    """CSV or TSV rows of ``render_delimited`` (``kind``: claims, findings or sources), one document at a time."""

    def __init__(self, out: TextIO, delimiter: str, kind: str = "claims", bom: bool = False) -> None:
        super().__init__(out)
        self.delimiter = delimiter
        self.kind = kind
        if bom:
            out.write("\ufeff")
        self.writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self.writer.writerow(ROW_SHAPES[kind][0])

    def write(self, result: DocumentResult) -> None:
        for row in rows([result], self.kind):
            cells = [neutralise(c) for c in row]
            if self.delimiter == "\t":
                cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
            self.writer.writerow(cells)


def open_sink(fmt: str, out: TextIO | None, sentences: bool = False, rows: str = "claims", bom: bool = False
              ) -> Sink:
    """The incremental writer of ``fmt`` (one of ``STREAMED``) to ``out`` (default: standard output)."""
    out = out or sys.stdout
    if fmt == "jsonl":
        return JsonLinesSink(out, sentences)
    if fmt == "json":
        return JsonSink(out, sentences)
    if fmt in ("csv", "tsv"):
        return DelimitedSink(out, "," if fmt == "csv" else "\t", rows, bom)
    raise ValueError(f"format {fmt!r} is not written incrementally")
