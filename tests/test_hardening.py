"""Regression tests for the inputs of issue 11: adversarial text, broken HTML, huge numbers, encodings, special
files and an output file that is also an input. Run-time growth itself is tested in test_growth.py."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.check import MAX_CONTRADICTIONS_PER_CLAIM, MAX_OUTCOMES_COMPARED, excerpt_around, find_contradictions
from claimx.cli import app
from claimx.read import InputError, decode_as, read_text
from claimx.records import Claim, DocumentResult, Statistic
from claimx.render import render_delimited, render_json, render_jsonl
from claimx.stats import find_statistics

runner = CliRunner()
CLAIM = "Magnesium supplements reduced night waking in older adults, a 2020 trial found."


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def _strict(text: str):
    def refuse(name: str):
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(text, parse_constant=refuse)


# ------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("number", ["1e999", "9" * 400, "1e308", "-1e999"])
def test_huge_numbers_never_give_non_finite_statistics(number: str):
    text = f"Magnesium reduced night waking by {number}% (95% CI {number} to {number}), p = {number}e-1."
    for stat in find_statistics(text):
        for x in (stat.value, stat.ci_low, stat.ci_high, stat.p):
            assert x is None or abs(x) < float("inf")


def test_json_of_a_huge_percentage_is_strict_json(pipeline):
    result = pipeline.check_text(f"{CLAIM} Magnesium increased deep sleep by 1e999% and by {'9' * 400}%.")
    assert result.error is None
    _strict(render_json([result]))
    for line in render_jsonl([result]).splitlines():
        _strict(line)


def test_json_writer_refuses_non_finite_floats():
    stat = Statistic("ratio", "HR", float("nan"), None, None, None, "HR nan")
    claim = Claim("c1", 0, "x", 0, 1, "a", "b", "increase", statistics=(stat,))
    with pytest.raises(ValueError):
        render_json([DocumentResult(path="x.txt", claims=(claim,))])


# ----------------------------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("markup", ["<![a", "<![a <p>x", "<![CDATA[", "<!", "</", "<p <p <p", "<" * 200,
                                    "<div>" * 3000, "&#99999999999;", "<p>a</p></p></html><html>"])
def test_broken_html_never_raises(markup: str):
    doc = read_text(f"{markup}<p>{CLAIM}</p>", "x.html", "html")
    assert "Magnesium supplements" in doc.text
    start = doc.text.index("Magnesium")
    line, col = doc.position(start)
    original = f"{markup}<p>{CLAIM}</p>"
    starts = [0] + [i + 1 for i, ch in enumerate(original) if ch == "\n"]
    assert original[starts[line - 1] + col - 1:].startswith("Magnesium")


def test_html_marked_section_through_the_pipeline(pipeline):
    result = pipeline.check_text(f"<![a <p>{CLAIM}</p>", "x.html", "html")
    assert result.error is None and result.claims


def test_html_comments_before_the_root_element_are_read():
    doc = read_text("<!-- claimx-disable CX101 --><html><body><p>x</p></body></html>", "x.html", "html")
    assert [c.text for c in doc.comments] == ["claimx-disable CX101"]


# ------------------------------------------------------------------------------------- contradictions


def _claim(i: int, outcome: str, direction: str) -> Claim:
    return Claim(f"c{i}", i, "s", i * 10, i * 10 + 5, "coffee", outcome, direction, outcome_key=outcome)


def test_contradiction_search_is_bounded_per_claim():
    claims = [_claim(i, "sleep", "increase" if i % 2 else "decrease") for i in range(2000)]
    limits: list[str] = []
    found = find_contradictions(claims, lambda name: name or "", limits)
    per_claim: dict[str, int] = {}
    for con in found:
        for cid in con.claims:
            per_claim[cid] = per_claim.get(cid, 0) + 1
    assert found and max(per_claim.values()) <= MAX_CONTRADICTIONS_PER_CLAIM
    # the first claims each get their share of partners
    assert per_claim["c0"] == MAX_CONTRADICTIONS_PER_CLAIM


def test_contradiction_search_reports_the_outcome_cap():
    n = MAX_OUTCOMES_COMPARED + 20
    claims = [_claim(i, f"outcome {i:04d}", "increase") for i in range(n)]
    claims.append(_claim(n, "outcome 0001", "decrease"))
    limits: list[str] = []
    found = find_contradictions(claims, lambda name: name or "", limits)
    assert any("distinct outcomes" in note for note in limits)
    assert any(set(c.claims) == {"c1", f"c{n}"} for c in found)  # equal keys are still matched


def test_small_documents_have_no_limits(pipeline):
    assert pipeline.check_text(CLAIM).limits == ()


def test_excerpt_of_a_long_sentence_is_bounded():
    sentence = "[9]" * 5000
    piece = excerpt_around(sentence, 7500, 7503)
    assert len(piece) < 300 and "[9]" in piece
    assert excerpt_around("short [1] sentence", 6, 9) == "short [1] sentence"


# ------------------------------------------------------------------------------------------ encodings


CP1252 = "Le café “décaféiné” améliore le sommeil, selon une étude publiée en 2020.\n".encode("cp1252")


def test_default_is_strict_utf8_and_the_error_names_the_option(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes(CP1252)
    res = run("check", str(p), "--isolated")
    assert res.exit_code == 2 and "--encoding" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_encoding_auto_reads_a_cp1252_file_and_reports_it(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes(CP1252 + CLAIM.encode())
    res = run("check", str(p), "--isolated", "--encoding", "auto", "--format", "json")
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(res.stdout)["documents"][0]
    assert doc["error"] is None and doc["encoding"] not in (None, "utf-8")
    text, used = decode_as(CP1252, "auto")
    assert "café “décaféiné”" in text and used == doc["encoding"]


def test_encoding_by_name(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes(CP1252)
    res = run("check", str(p), "--isolated", "--encoding", "cp1252", "--format", "json")
    doc = json.loads(res.stdout)["documents"][0]
    assert doc["encoding"] == "cp1252" and doc["error"] is None


def test_unknown_encoding_is_refused(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(CLAIM)
    res = run("check", str(p), "--isolated", "--encoding", "no-such-codec")
    assert res.exit_code == 2 and "no-such-codec" in res.stderr


def test_utf8_file_under_auto_is_utf8(tmp_path: Path):
    assert decode_as("café".encode(), "auto") == ("café", "utf-8")
    with pytest.raises(InputError, match="binary"):
        decode_as(b"a\x00b", "auto")


# -------------------------------------------------------------------------------------- special files


def _assert_refused(res, name: str) -> None:
    assert res.exit_code == 2, res.output
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0] and "not a regular file" in lines[0]
    assert "Traceback" not in res.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _assert_refused(run("check", str(fifo), "--isolated"), "pipe.txt")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_character_devices_are_refused(device: str):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    _assert_refused(run("check", device, "--isolated"), device)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_socket_is_refused(tmp_path: Path):
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        _assert_refused(run("check", str(path), "--isolated"), "s.txt")
    finally:
        server.close()


def test_other_files_are_still_checked_next_to_a_special_one(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(CLAIM)
    res = run("check", "/dev/zero", str(good), "--isolated", "--format", "json")
    assert res.exit_code == 2
    docs = {d["path"]: d for d in json.loads(res.stdout)["documents"]}
    assert docs["/dev/zero"]["error"] and docs[str(good)]["claims"]


def test_stdin_over_the_size_limit_is_refused():
    res = run("check", "-", "--isolated", "--max-size", "0.001", input="a" * 5000)
    assert res.exit_code == 2 and "limit" in res.stderr


# ------------------------------------------------------------------------------------ output == input


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_output_onto_an_input_file_is_refused(tmp_path: Path, flag: str):
    p = tmp_path / "a.txt"
    p.write_text(CLAIM)
    before = p.read_bytes()
    res = run("check", str(p), "--isolated", flag, str(p))
    assert res.exit_code == 2 and "input" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert p.read_bytes() == before


def test_output_onto_a_file_inside_a_checked_folder_is_refused(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    p = tmp_path / "docs" / "a.md"
    p.write_text(CLAIM)
    before = p.read_bytes()
    res = run("check", str(tmp_path / "docs"), "--isolated", "-o", str(p))
    assert res.exit_code == 2 and p.read_bytes() == before


# ----------------------------------------------------------------------------------------- CSV cells


def test_csv_cells_of_adversarial_text_are_neutralised(pipeline):
    text = f"=HYPERLINK(\"x\")\n\n+1 {CLAIM}\n\n-{CLAIM}\n\n@SUM(A1) {CLAIM}"
    result = pipeline.check_text(text, "=evil.txt")
    import csv
    import io
    for row in list(csv.reader(io.StringIO(render_delimited([result], ","))))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_deeply_nested_html_is_flattened_keeping_offsets():
    original = "<div>" * 5000 + f"<p>{CLAIM}</p>" + "</div>" * 5000
    doc = read_text(original, "x.html", "html")
    start = doc.text.index("Magnesium")
    line, col = doc.position(start)
    assert line == 1 and original[col - 1:].startswith("Magnesium")


def test_sloppy_paragraphs_are_not_flattened():
    doc = read_text("<p>one" * 400 + "<p>last words", "x.html", "html")
    assert sum(1 for b in doc.blocks if b.kind == "paragraph") == 401


def test_checker_decodes_raw_bytes_with_its_encoding():
    """The API layer (where the CLI's standard input is decoded) honours --encoding and the --max-size bound."""
    from claimx.api import Checker, Source

    data = "Caf\u00e9 reduces stress, a study found.\n".encode("cp1252")
    strict = Checker(isolated=True).run([Source("a.txt", data=data)]).documents[0]
    assert strict.error is not None and "--encoding" in strict.error
    doc = Checker(isolated=True, encoding="cp1252").run([Source("a.txt", data=data)]).documents[0]
    assert doc.error is None and doc.document is not None and doc.document.encoding == "cp1252"
    assert "Café" in doc.document.text
    small = Checker(isolated=True, max_bytes=10).run([Source("a.txt", data=data)]).documents[0]
    assert small.error is not None and "--max-size" in small.error


# ---------------------------------------------------------------------- encodings of files in sections

WESTERN = (
    "Les études montrent que le café améliore le sommeil à l’âge adulte, déclarent les chercheurs.\n\n"
    "Über die Wirkung von Grüntee auf den Blutdruck wird häufig berichtet – „sehr“ gering, sagen Ärzte.\n\n"
    "Daily yoga improves sleep quality in people with insomnia, experts say.\n\n"
)


def _big(tmp_path: Path, text: str, encoding: str, name: str = "big.txt") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def _jsonl(res) -> list[dict]:
    return [json.loads(line) for line in res.stdout.splitlines()]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_sections_of_a_file_are_decoded_with_the_named_encoding(tmp_path: Path, encoding: str):
    from claimx import batch

    text = (CLAIM + "\r\n\r\n" + WESTERN.replace("’", "'").replace("„", '"').replace("“", '"')
            .replace("–", "-")) * 60
    p = _big(tmp_path, text, encoding)
    pieces = batch.TextPieces(p, encoding, 4096)
    parts = list(batch.sections(p, 3000, pieces=pieces))
    assert len(parts) > 5 and pieces.encoding == batch.codecs.lookup(encoding).name
    whole = text.replace("\r\n", "\n")
    assert "".join(t for t, _, _ in parts) == whole
    for t, line_shift, original_shift in parts:
        assert whole[original_shift:original_shift + len(t)] == t and whole.count("\n", 0, original_shift) == line_shift


def test_a_cp1252_file_in_sections_reports_what_the_whole_file_reports(tmp_path: Path):
    p = _big(tmp_path, (CLAIM + "\n\n" + WESTERN) * 40, "cp1252")
    args = ("check", str(p), "--isolated", "--exit-zero", "-f", "jsonl", "--encoding", "cp1252")
    whole, parts = run(*args), run(*args, "--block-size", "0.002")
    assert whole.exit_code == parts.exit_code == 0, parts.output
    (doc,) = _jsonl(whole)
    sections = _jsonl(parts)
    assert len(sections) > 3 and {s["encoding"] for s in sections} == {doc["encoding"]} == {"cp1252"}
    keys = ("id", "start", "end", "line", "column", "sentence")
    assert [{k: c[k] for k in keys} for s in sections for c in s["claims"]] == [{k: c[k] for k in keys}
                                                                                  for c in doc["claims"]]
    assert parts.stderr.count("read as cp1252") == 1  # once per file, not once per section


def test_encoding_auto_detects_a_file_in_sections_from_a_late_first_non_ascii_byte(tmp_path: Path):
    """The first non-ASCII byte comes long after the first block: the whole file is checked for UTF-8, and
    the detection sees the block around that byte."""
    from claimx import batch

    opening = "Walking every day lowers blood pressure in older adults, the WHO says.\n\n" * 20_000  # 1.4 MB
    text = opening + WESTERN * 50
    p = _big(tmp_path, text, "cp1252")
    expected_text, expected = decode_as(p.read_bytes(), "auto")
    assert expected_text == text and expected == "cp1252"
    pieces = batch.TextPieces(p, "auto")
    assert "".join(t for t, _, _ in batch.sections(p, 200_000, pieces=pieces)) == text
    assert pieces.encoding == expected
    tasks = list(batch.file_tasks(0, p, str(p), _Options("auto"), "text", 200_000))
    assert len(tasks) > 5 and {t.encoding for t in tasks} == {expected} and not any(t.error for t in tasks)


def test_encoding_auto_on_a_utf8_file_in_sections_is_utf8(tmp_path: Path):
    from claimx import batch

    text = (CLAIM + "\n\n" + WESTERN) * 40
    p = _big(tmp_path, text, "utf-8")
    pieces = batch.TextPieces(p, "auto", 4096)
    assert "".join(t for t, _, _ in batch.sections(p, 3000, pieces=pieces)) == text and pieces.encoding == "utf-8"


@dataclass(frozen=True)
class _Options:
    encoding: str


def test_undecodable_bytes_in_a_later_section_give_their_offset_in_the_file(tmp_path: Path):
    """0x81 has no character in cp1252: the error names its offset in the file, after the earlier sections."""
    good = ((CLAIM + "\n\n" + WESTERN) * 30).encode("cp1252")
    p = tmp_path / "big.txt"
    p.write_bytes(good + b"Bad \x81 byte.\n")
    res = run("check", str(p), "--isolated", "-f", "jsonl", "--block-size", "0.002", "--encoding", "cp1252")
    assert res.exit_code == 2
    lines = _jsonl(res)
    assert len(lines) > 2 and not any(line["error"] for line in lines[:-1])
    assert f"byte 0x81 at offset {len(good) + 4}" in lines[-1]["error"] and "cp1252" in lines[-1]["error"]


def test_a_bad_utf8_sequence_split_between_two_reads_has_its_exact_offset(tmp_path: Path):
    """The decoder holds back the first byte of a sequence that a read cuts; an error on the next byte is
    reported at the held-back byte's offset in the file."""
    from claimx import batch

    head = 8192  # the first read of a file read in pieces of 5,000 bytes or fewer
    data = b"a" * (head - 1) + b"\xc3\x28 more text\n"
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=f"byte 0xc3 at offset {head - 1}"):
        list(batch.sections(p, 5000))
    # the whole-file reader agrees
    with pytest.raises(InputError, match=f"byte 0xc3 at offset {head - 1}"):
        decode_as(data)


# ------------------------------------------------------------------------------------------------ API


def test_analyze_takes_an_encoding_like_the_command_line(tmp_path: Path):
    import claimx

    p = tmp_path / "a.txt"
    p.write_bytes(CP1252 + CLAIM.encode())
    strict = claimx.analyze(p, isolated=True)
    assert strict.errors and "--encoding" in strict.errors[0][1]
    for encoding in ("cp1252", "auto", "Windows-1252"):
        result = claimx.analyze(p, isolated=True, encoding=encoding)
        cli = run("check", str(p), "--isolated", "--format", "json", "--encoding", encoding)
        assert result.to_json() == cli.stdout
        doc = result.documents[0]
        assert doc.error is None and doc.document is not None and doc.document.encoding == "cp1252"
        assert "café “décaféiné”" in doc.document.text
    many = claimx.analyze_many([p], isolated=True, encoding="cp1252")
    assert many.to_json() == claimx.analyze(p, isolated=True, encoding="cp1252").to_json()
    with pytest.raises(ValueError, match="no-such-codec"):
        claimx.analyze(p, isolated=True, encoding="no-such-codec")


def test_analyze_encoding_applies_to_a_file_read_in_sections(tmp_path: Path):
    import claimx

    p = _big(tmp_path, (CLAIM + "\n\n" + WESTERN) * 40, "cp1252")
    result = claimx.analyze(p, isolated=True, encoding="cp1252", block_chars=2000)
    assert len(result.documents) > 3 and not result.errors
    assert {d.document.encoding for d in result.documents if d.document is not None} == {"cp1252"}
    assert any("„sehr“ gering" in d.document.text for d in result.documents if d.document is not None)


# -------------------------------------------------------------------------------------------- concise


@pytest.mark.parametrize("bad", [b"Caf\xe9 reduces stress.\n", None])
def test_concise_output_names_an_unreadable_file_once(tmp_path: Path, bad: bytes | None):
    p = tmp_path / "bad.txt"
    if bad is not None:
        p.write_bytes(bad)
    good = tmp_path / "good.txt"
    good.write_text(CLAIM)
    res = run("check", str(p), str(good), "--isolated", "--format", "concise")
    assert res.exit_code == 2
    assert res.output.count(str(p)) == 1, res.output  # stdout and stderr together, as a terminal shows them
    assert res.stdout.startswith(f"{p}: error: ")
    # written to a file, the report no longer reaches the terminal: the error goes to standard error
    out = tmp_path / "report.txt"
    res = run("check", str(p), "--isolated", "--format", "concise", "-o", str(out))
    assert res.exit_code == 2 and res.stderr.count(str(p)) == 1 and out.read_text().count(str(p)) == 1


def test_json_contradicts_lists_the_claims_each_claim_is_contradicted_by(pipeline):
    """Built from one pass over the findings (it was a scan of every finding for every claim)."""
    text = " ".join(["Coffee increases sleep quality.", "Coffee reduces sleep quality."] * 6)
    result = pipeline.check_text(text)
    claims = json.loads(render_json([result]))["documents"][0]["claims"]
    expected = {c.id: sorted({r for f in result.findings if f.claim_id == c.id for r in f.related})
                for c in result.claims}
    with_partners = [c for c in claims if c["contradicts"]]
    assert with_partners
    for c in with_partners:
        assert c["contradicts"] == expected[c["id"]]
