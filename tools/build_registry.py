"""Distil the raw source vocabularies in ``shared/data/registry`` into ``models/registry/*.tsv``.

Usage::

    python tools/build_registry.py [--shared PATH] [--out models/registry]

Only facts (names, abbreviations, identifiers) are kept.  Each output file starts with ``#`` lines that say
where its facts come from, under which licence, when it was built and how it was filtered, followed by the
column header ``canonical  kind  identifier  aliases  predatory``.

The hand-written ``curated.tsv`` (read from ``--out``) wins over the raw lists: a raw entry of the same kind
that is the same source (same identifier, or for journals/publishers the same title) is folded into the
curated entry (written with the curated canonical name and identifier, keeping only its extra names); any
other raw alias that spells a curated name is dropped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimx.registry import MAX_NGRAM, _is_acronym, normalize  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "registry"
DEFAULT_OUT = ROOT / "models" / "registry"
DEFAULT_WORDS = Path("/usr/share/dict/american-english")
COLUMNS = ("canonical", "kind", "identifier", "aliases", "predatory")

# The '#' header of each output file: where its facts come from, licence, how they were filtered.
HEADERS = {
    "journals.tsv": """
Journals: titles and ISO (MEDLINE) abbreviations.
source: JabRef journal abbreviation lists, licence CC0 1.0: the Index Medicus list (all titles kept)
  and the larger NLM Entrez list (all titles kept).
filtering: sentence-case titles written in Title Case; titles merged by normalised spelling (Index
  Medicus first); aliases = abbreviations, the title without a parenthetical qualifier, the title
  before a subtitle colon; an alias spelled the same by several journals is dropped; journals that are
  curated sources (curated.tsv) are written under the curated name.
identifier = ISO abbreviation. A predatory-list journal whose exact title is an NLM title is not
  flagged (predatory outlets copy real titles); the other listed journals are in predatory.tsv.
""",
    "publishers.tsv": """
Publishers: the 1000 largest Crossref members by number of registered works (names only).
source: Crossref member names and work counts; Crossref metadata is openly available without
  restriction (facts only are kept: names).
filtering: aliases = the name without corporate suffix (Ltd, LLC, BV, GmbH, ...) and without or as
  its parenthetical acronym; curated publishers (curated.tsv) are written under the curated name.
predatory = 'listed' if the exact name is on the predatory publisher list (stop-predatory-journals,
  licence MIT). Being listed is that list's judgement, not claimx's.
""",
    "predatory.tsv": """
Journals and publishers on the predatory lists that are not in journals.tsv or publishers.tsv.
source: stop-predatory-journals lists of predatory journals and publishers, licence MIT; names and
  acronyms only (no URLs). Every entry has predatory = 'listed': that list's judgement, not claimx's.
""",
    "organizations.tsv": """
Organisations: the Research Organization Registry (ROR), active non-company records.
source: ROR data dump, licence CC0 1.0. identifier = ROR id.
kind: 'agency' for ROR type government (government funders included), 'organization' otherwise
  (education, healthcare, nonprofit, facility, funder, archive, other).
filtering: names, aliases, labels and acronyms kept when written in Latin script; an alias or acronym
  spelled the same by several organisations is dropped; curated organisations (curated.tsv) are
  written under the curated name.
""",
    "instruments.tsv": """
Clinical instruments: CDISC questionnaire, rating-scale (clinical classification) and functional-test
  names, from CDISC Controlled Terminology as published with the NCI Thesaurus by NCI Enterprise
  Vocabulary Services (NCI Thesaurus licence: CC BY 4.0); names and codes only.
identifier = NCI code. canonical = NCI preferred term without the CDISC category suffix ('Clinical
  Classification', 'Functional Test'; 'Questionnaire' after a scale/index/test word).
aliases = CDISC short names and synonyms, without CDISC test codes (PSQI1, BD01).
Note: CDISC 'BDI' is the Baseline Dyspnea Index; curated.tsv gives 'BDI' to the Beck Depression
  Inventory, so it is dropped here.
""",
    "study_designs.tsv": """
Study designs: the HL7 FHIR 'study-design' code system (SEVCO, Scientific Evidence Code System).
source: HL7 FHIR R5 CodeSystem study-design, licence CC0 1.0. identifier = SEVCO code.
aliases = SEVCO alternative terms.
filtering: study goals, outcome types and analysis kinds (SEVCO:01089 and below, 01052-01054,
  01085-01087) dropped, and a few malformed alternative terms.
""",
    "prose_words.txt": """
Ordinary words: the words of registry names that are also common English words or words of the
  MeSH preferred headings (the vocabulary of health writing).
use: a distilled one-word name that is one of these words is never matched; a name made only of these
  words must be written in Title Case. The hand-written list is generic_names.txt.
sources: NLM Medical Subject Headings (MeSH), US National Library of Medicine (single words of the
  preferred headings, 3+ letters);
""",
    "prose_words.txt/scowl": """
  and the all-lower-case words of SCOWL (Spell Checker Oriented Word Lists) as packaged by Debian
  (wamerican, american-english). SCOWL notice: Copyright 2000-2011 by Kevin Atkinson. Permission to
  use, copy, modify, distribute and sell these word lists, the associated scripts, the output created
  from the scripts, and its documentation for any purpose is hereby granted without fee, provided that
  the above copyright notice appears in all copies and that both that copyright notice and this
  permission notice appear in supporting documentation. Kevin Atkinson makes no representations about
  the suitability of this array for any purpose. It is provided "as is" without express or implied
  warranty. (SCOWL also draws on public-domain lists and on WordNet 1.6, Copyright 1997 by Princeton
  University, used under its permissive licence.)
""",
}


@dataclass
class Row:
    canonical: str
    kind: str
    identifier: str = ""
    aliases: list[str] = field(default_factory=list)
    predatory: bool = False

    def names(self) -> list[str]:
        return [self.canonical, *self.aliases]


# ------------------------------------------------------------------------------------------------ helpers


def clean(s: str) -> str:
    s = s.replace("\t", " ").replace("|", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip().strip(",;:").strip()


def is_latin(s: str) -> bool:
    """Every letter is Latin script (drops labels in Cyrillic, CJK, Arabic, ... scripts)."""
    for ch in s:
        if ch.isalpha():
            try:
                if not unicodedata.name(ch).startswith("LATIN"):
                    return False
            except ValueError:
                return False
    return True


_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "de",
        "del",
        "della",
        "der",
        "des",
        "di",
        "du",
        "e",
        "el",
        "en",
        "et",
        "for",
        "from",
        "in",
        "la",
        "las",
        "le",
        "les",
        "los",
        "of",
        "on",
        "or",
        "the",
        "to",
        "und",
        "van",
        "von",
        "y",
    ]
)


def fix_caps(word: str) -> str:
    # JabRef oddities such as "IMAging" -> "Imaging"
    if re.fullmatch(r"[A-Z]{2,}[a-z]{2,}", word):
        return word[0] + word[1:].lower()
    return word


def title_case(title: str) -> str:
    """Title-case a sentence-case journal title ("Glasgow medical journal" -> "Glasgow Medical Journal")."""
    words = title.split(" ")
    out = []
    for i, w in enumerate(words):
        w = fix_caps(w)
        if w.islower() and (i == 0 or w not in _SMALL) and w[:1].isalpha():
            w = w[0].upper() + w[1:]
        out.append(w)
    return " ".join(out)


_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
_CORP = re.compile(
    r"[,\s]+(?:B\.?V\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Inc\.?|GmbH(?: & Co\.? KG)?|S\.?A\.?|AG|KG|Co\.?|"
    r"Pvt\.?|Pty\.?|SRL|S\.r\.l\.|plc|PLC|A/S|AB|Oy|SL|SAS|Sp\. z o\.o\.|d\.o\.o\.|Verlag KG)\.?$"
)


def name_variants(name: str, *, inner_names: bool = False) -> list[str]:
    """Extra spellings of a name: without parenthetical qualifiers, the parenthetical itself when it is an
    acronym (or, with ``inner_names``, a name), without corporate suffixes, the part before a subtitle
    colon."""
    out: list[str] = []
    base = name
    m = _PAREN.search(name)
    if m:
        inner = clean(m.group(1))
        stripped = clean(_PAREN.sub(" ", name))
        if stripped:
            out.append(stripped)
            base = stripped
        # "(PLoS)" is an acronym, "(Wolters Kluwer Health)" a publisher's other name, "(Hong Kong)" only
        # where a journal is published
        if inner and not re.search(r"\d", inner) and (_is_acronym(inner) or (inner_names and len(inner.split()) >= 2)):
            out.append(inner)
    prev = None
    core = base
    while prev != core:
        prev = core
        core = clean(_CORP.sub("", core))
    if core and core != base:
        out.append(core)
    if " : " in base or ": " in base:
        head = clean(re.split(r"\s*:\s", base, maxsplit=1)[0])
        if len(head.split()) >= 2:
            out.append(head)
    return out


def dedupe(names: Iterable[str], skip: Iterable[str] = ()) -> list[str]:
    seen = {normalize(s) for s in skip}
    out: list[str] = []
    for n in names:
        n = clean(n)
        k = normalize(n)
        if not n or not k or k in seen or len(k.split()) > MAX_NGRAM:
            continue
        seen.add(k)
        out.append(n)
    return out


# ------------------------------------------------------------------------------------------------ sources


def read_curated(out_dir: Path) -> list[Row]:
    rows: list[Row] = []
    path = out_dir / "curated.tsv"
    if not path.is_file():
        return rows
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if header is None:
            header = f
            continue
        f += [""] * (len(header) - len(f))
        d = dict(zip(header, f, strict=False))
        aliases = [a.strip() for a in d.get("aliases", "").split("|") if a.strip()]
        rows.append(Row(d["canonical"].strip(), d["kind"].strip(), d.get("identifier", "").strip(), aliases))
    return rows


def journals(shared: Path) -> list[Row]:
    by_key: dict[str, Row] = {}
    order: list[str] = []

    def add(title: str, abbrevs: list[str], source_rank: int) -> None:
        title = clean(title.strip('"'))
        if not title:
            return
        canonical = title_case(title)
        key = normalize(canonical)
        if not key:
            return
        variants = name_variants(canonical)
        abbrevs = [clean(a) for a in abbrevs if clean(a)]
        row = by_key.get(key)
        if row is None:
            row = Row(canonical, "journal", abbrevs[0] if abbrevs else "")
            by_key[key] = row
            order.append(key)
        elif not row.identifier and abbrevs:
            row.identifier = abbrevs[0]
        row.aliases = dedupe([*row.aliases, *variants, *abbrevs], skip=[row.canonical])

    with (shared / "journals_medicus.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh):
            if rec and rec[0]:
                add(rec[0], [a for a in rec[1:] if a], 0)
    with (shared / "journals_entrez.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh):
            if len(rec) >= 2 and rec[0]:
                add(rec[0], rec[1].split("|"), 1)
            elif rec and rec[0]:
                add(rec[0], [], 1)
    return [by_key[k] for k in order]


def predatory(shared: Path) -> tuple[list[Row], list[Row]]:
    """Journals and publishers on the predatory lists (flag only; no URLs are kept)."""
    out: dict[str, list[Row]] = {"journal": [], "publisher": []}
    for fname, kind in (("predatory_journals.csv", "journal"), ("predatory_publishers.csv", "publisher")):
        with (shared / fname).open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                name = clean(rec.get("name") or "")
                if not name or not is_latin(name):
                    continue
                abbrs = [clean(a) for a in re.split(r"\s+/\s+|[;,]", rec.get("abbr") or "") if clean(a)]
                row = Row(name, kind, "", predatory=True)
                row.aliases = dedupe([*name_variants(name), *abbrs], skip=[name])
                out[kind].append(row)
    return out["journal"], out["publisher"]


def publishers(shared: Path) -> list[Row]:
    rows: dict[str, Row] = {}
    with (shared / "crossref_publishers_top1000.tsv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            name = clean(rec["name"])
            if not name or not is_latin(name):
                continue
            key = normalize(name)
            variants = name_variants(name, inner_names=True)
            if key in rows:
                continue
            row = Row(name, "publisher", "")
            row.aliases = dedupe(variants, skip=[name])
            rows[key] = row
    return list(rows.values())


def organizations(shared: Path) -> list[Row]:
    rows: list[Row] = []
    with (shared / "ror_organizations.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            name = clean(d["name"])
            if not name:
                continue
            types = set(d.get("types") or ())
            kind = "agency" if "government" in types else "organization"
            names = [name, *(d.get("aliases") or ()), *(d.get("labels") or ()), *(d.get("acronyms") or ())]
            names = [clean(n) for n in names if n and is_latin(n)]
            if not is_latin(name):
                if not names:
                    continue
                name = names[0]
            row = Row(name, kind, d["id"])
            row.aliases = dedupe(names[1:], skip=[name])
            rows.append(row)
    return rows


_INSTRUMENT_WORDS = re.compile(
    r"\b(scale|index|inventory|test|survey|instrument|checklist|diary|score|assessment|questionnaire|"
    r"exam|examination|interview|battery|profile|module|form|schedule|rating|version|v\d[\w.]*|\d{4})\b",
    re.I,
)
_CODE = re.compile(r"[A-Z0-9]+")


def instrument_name(term: str) -> str:
    term = clean(term)
    for suffix in (" Clinical Classification", " Functional Test"):
        if term.endswith(suffix):
            term = term[: -len(suffix)]
    if term.endswith(" Questionnaire") and _INSTRUMENT_WORDS.search(term[: -len(" Questionnaire")]):
        term = term[: -len(" Questionnaire")]
    return term


def instruments(shared: Path) -> list[Row]:
    rows: list[Row] = []
    with (shared / "instruments_cdisc.tsv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            canonical = instrument_name(rec["nci_preferred_term"])
            value = clean(rec["cdisc_value"])
            aliases: list[str] = []
            if " " not in value and _is_acronym(value):
                aliases.append(value)
            else:
                m = re.fullmatch(r"([A-Z][A-Z-]*[A-Z]) (\d{1,3})", value)
                if m:
                    aliases.append(f"{m.group(1)}-{m.group(2)}")
            for syn in (s.strip() for s in rec["synonyms"].split(";")):
                if syn and not _CODE.fullmatch(syn):  # "PSQI1", "BD01" are CDISC test codes, not names
                    aliases.append(syn)
            row = Row(canonical, "instrument", f"NCI:{rec['nci_code'].strip()}")
            row.aliases = dedupe(aliases, skip=[canonical])
            rows.append(row)
    return rows


# SEVCO concepts that describe study goals, outcome types or data analysis rather than designs one cites.
_SEVCO_SKIP_TREES = {"SEVCO:01089"}
_SEVCO_SKIP = {"SEVCO:01052", "SEVCO:01053", "SEVCO:01054", "SEVCO:01085", "SEVCO:01086", "SEVCO:01087"}
_SEVCO_BAD_TERMS = {"international method of research", "multicentric", "pro"}


def study_designs(shared: Path) -> list[Row]:
    data = json.loads((shared / "study_design_sevco.json").read_text(encoding="utf-8"))
    rows: list[Row] = []

    def walk(concepts: list[dict]) -> None:
        for c in concepts:
            code = c["code"]
            if code in _SEVCO_SKIP_TREES:
                continue
            if code not in _SEVCO_SKIP:
                names = [c["display"], *(d["value"] for d in c.get("designation", ()))]
                names = [n for n in (clean(x) for x in names) if n and n.casefold() not in _SEVCO_BAD_TERMS]
                if names:
                    canonical = names[0][0].upper() + names[0][1:]
                    row = Row(canonical, "study_design", code)
                    row.aliases = dedupe(names[1:], skip=[canonical])
                    rows.append(row)
            walk(c.get("concept", []))

    walk(data["concept"])
    return rows


def mesh_words(shared: Path) -> set[str]:
    """Single words of MeSH preferred headings: the vocabulary of health writing."""
    words: set[str] = set()
    with (shared / "mesh_headings.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            for w in re.findall(r"[^\W\d_]+", rec["subject"]):
                if len(w) >= 3 and is_latin(w):
                    words.add(normalize(w))
    return words


def dictionary_words(path: Path) -> set[str]:
    """Common (all lower-case, so not proper-noun) words of an English spelling word list."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        w = line.strip()
        if len(w) >= 2 and w.isalpha() and w.islower():
            words.add(normalize(w))
    return words


def name_tokens(rows: Iterable[Row]) -> set[str]:
    return {t for r in rows for n in r.names() for t in normalize(n).split()}


# ------------------------------------------------------------------------------------------------ merging


def apply_curated(rows: list[Row], curated: list[Row]) -> list[Row]:
    """Fold raw rows that are a curated source into it; drop raw aliases that spell a curated name."""
    owner: dict[str, Row] = {}
    by_id: dict[tuple[str, str], Row] = {}
    for c in curated:
        for n in c.names():
            owner.setdefault(normalize(n), c)
        if c.identifier:
            by_id[(c.kind, c.identifier)] = c
    out: list[Row] = []
    for r in rows:
        target = by_id.get((r.kind, r.identifier)) if r.identifier else None
        if target is None and r.kind in ("journal", "publisher"):
            hit = owner.get(normalize(r.canonical))
            if hit is not None and hit.kind == r.kind:
                target = hit
        names = [n for n in r.names() if normalize(n) not in owner]
        if target is not None:
            extra = dedupe(names, skip=target.names())
            if extra:
                out.append(Row(target.canonical, target.kind, target.identifier, extra, r.predatory or False))
            continue
        if normalize(r.canonical) in owner:
            if not names:
                continue
            # the raw canonical spells a curated name of another source: keep the raw source under its
            # next name (the curated one wins the shared spelling)
            r = Row(names[0], r.kind, r.identifier, names[1:], r.predatory)
        else:
            r.aliases = [a for a in r.aliases if normalize(a) not in owner]
        out.append(r)
    return out


def drop_ambiguous_aliases(rows: list[Row], acronyms_only: bool = False) -> int:
    """An alias spelled the same by several sources of one list is dropped (unless it is one's canonical)."""
    users: dict[str, set[int]] = defaultdict(set)
    canon: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(rows):
        canon[normalize(r.canonical)].add(i)
        for a in r.aliases:
            users[normalize(a)].add(i)
    dropped = 0
    for i, r in enumerate(rows):
        keep = []
        for a in r.aliases:
            k = normalize(a)
            sources = users[k] | canon.get(k, set())
            if len(sources) > 1 and not (acronyms_only and not _is_acronym(a)):
                if canon.get(k) and i not in canon[k]:
                    dropped += 1
                    continue
                if not canon.get(k):
                    dropped += 1
                    continue
            keep.append(a)
        r.aliases = keep
    return dropped


def flag_predatory(rows: list[Row], listed: list[Row], *, flag: bool) -> list[Row]:
    """Match listed names to rows by exact (normalised) name; return the unmatched listed rows.

    With ``flag`` the matched rows get the predatory flag (publishers: a publisher's name is its identity).
    Without it the listed entry is simply dropped (journals: predatory outlets copy the titles of real
    journals, so an exact title match with an NLM-indexed journal is taken to mean the NLM journal).
    """
    by_key: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_key[normalize(r.canonical)].append(r)
    rest: list[Row] = []
    for p in listed:
        hits = by_key.get(normalize(p.canonical))
        if hits:
            if flag:
                for h in hits:
                    h.predatory = True
        else:
            rest.append(p)
    return rest


# ------------------------------------------------------------------------------------------------ output


def write_tsv(path: Path, rows: list[Row], header: list[str]) -> None:
    built = dt.date.today().isoformat()
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for line in header:
            fh.write(f"# {line}\n" if line else "#\n")
        fh.write(f"# built: {built} by tools/build_registry.py; {len(rows)} entries\n")
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write(
                "\t".join(
                    (
                        clean(r.canonical),
                        r.kind,
                        r.identifier,
                        "|".join(clean(a) for a in r.aliases),
                        "listed" if r.predatory else "",
                    )
                )
                + "\n"
            )


def sort_rows(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.kind, r.canonical.casefold(), r.identifier, "|".join(r.aliases)))


def iter_files(out: Path) -> Iterator[Path]:
    yield from sorted(out.glob("*.tsv"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder with the raw vocabularies")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (holds curated.tsv)")
    ap.add_argument(
        "--words",
        type=Path,
        default=DEFAULT_WORDS,
        help="English word list, one word a line (Debian/Ubuntu package wamerican)",
    )
    args = ap.parse_args(argv)
    shared: Path = args.shared
    out: Path = args.out
    if not shared.is_dir():
        ap.error(f"{shared} is not a folder (use --shared PATH)")
    out.mkdir(parents=True, exist_ok=True)
    curated = read_curated(out)

    pred_j, pred_p = predatory(shared)
    jr = journals(shared)
    pred_j = flag_predatory(jr, pred_j, flag=False)
    pb = publishers(shared)
    pred_p = flag_predatory(pb, pred_p, flag=True)

    outputs: dict[str, list[Row]] = {}
    jr = apply_curated(jr, curated)
    drop_ambiguous_aliases(jr)
    outputs["journals.tsv"] = jr
    pb = apply_curated(pb, curated)
    drop_ambiguous_aliases(pb)
    outputs["publishers.tsv"] = pb
    outputs["predatory.tsv"] = apply_curated([*pred_j, *pred_p], curated)
    org = apply_curated(organizations(shared), curated)
    drop_ambiguous_aliases(org)
    outputs["organizations.tsv"] = org
    ins = apply_curated(instruments(shared), curated)
    drop_ambiguous_aliases(ins)
    outputs["instruments.tsv"] = ins
    sd = apply_curated(study_designs(shared), curated)
    drop_ambiguous_aliases(sd)
    outputs["study_designs.tsv"] = sd

    # raw acronyms claimed by sources in different files are ambiguous: drop them everywhere
    acr_users: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for rows in outputs.values():
        for r in rows:
            for n in r.names():
                if _is_acronym(n):
                    acr_users[normalize(n)].add((r.kind, r.canonical))
    for rows in outputs.values():
        for r in rows:
            r.aliases = [a for a in r.aliases if not (_is_acronym(a) and len(acr_users[normalize(a)]) > 1)]

    for fname, rows in outputs.items():
        write_tsv(out / fname, sort_rows(rows), HEADERS[fname].strip("\n").splitlines())
        print(f"{fname}: {len(rows)} entries, {(out / fname).stat().st_size / 1e6:.2f} MB")

    tokens = name_tokens([*curated, *(r for rows in outputs.values() for r in rows)])
    vocab = mesh_words(shared)
    header = HEADERS["prose_words.txt"].strip("\n").splitlines()
    if args.words.is_file():
        vocab |= dictionary_words(args.words)
        header += HEADERS["prose_words.txt/scowl"].strip("\n").splitlines()
    else:
        print(f"warning: no English word list at {args.words}: prose_words.txt has MeSH words only", file=sys.stderr)
        header.append("(built without an English word list: MeSH words only)")
    # a vocabulary word is kept if some name has it, or a simple plural of it, as a word
    words = sorted(
        w
        for w in vocab
        if len(w) >= 2
        and (w in tokens or f"{w}s" in tokens or f"{w}es" in tokens or (w[-1] == "y" and f"{w[:-1]}ies" in tokens))
    )
    with (out / "prose_words.txt").open("w", encoding="utf-8", newline="\n") as fh:
        for line in header:
            fh.write(f"# {line}\n")
        fh.write(f"# built: {dt.date.today().isoformat()} by tools/build_registry.py; {len(words)} words\n")
        for w in words:
            fh.write(w + "\n")
    print(f"prose_words.txt: {len(words)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
