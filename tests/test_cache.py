"""On-disk caches: atomic writes, validation on load, repair of damaged files, concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimx import cache
from claimx.paths import model_path
from claimx.registry import Registry, _Entry


def _registry() -> Registry:
    return Registry([
        _Entry("British Medical Journal", "journal", None, ("BMJ",), 0, False),
        _Entry("World Health Organization", "agency", None, ("WHO",), 0, False),
    ])


def _found(reg: Registry, text: str) -> list[tuple[int, int, str]]:
    return [(a, b, link.canonical) for a, b, link in reg.find(text)]


TEXT = "A trial in the BMJ and advice from the World Health Organization."


def _db(folder: Path, reg: Registry) -> Path:
    path = cache.build_db(folder, "registry-x", reg._fill_db)
    assert path is not None and path.name.startswith("registry-x-") and path.suffix == ".sqlite"
    return path


def test_round_trip_gives_the_same_registry(tmp_path: Path):
    reg = _registry()
    path = _db(tmp_path, reg)
    assert cache.find_db(tmp_path, "registry-x") == path
    back = Registry._from_db(path)
    assert isinstance(back._raw, cache.DbMap)  # looked up lazily, not loaded
    assert _found(back, TEXT) == _found(reg, TEXT) and len(_found(reg, TEXT)) == 2
    assert back.counts() == reg.counts() and len(back) == len(reg)
    assert list(back._raw) == list(reg._raw)  # insertion order kept (fuzzy linking depends on it)
    assert back.link("World Helth Organization") == reg.link("World Helth Organization") is not None


@pytest.mark.parametrize("damage", ["truncate", "garble", "foreign", "empty"])
def test_damaged_index_is_removed_and_rebuilt(tmp_path: Path, damage: str):
    reg = _registry()
    path = _db(tmp_path, reg)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garble":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "foreign":
        path.write_bytes(b"\x00\x01not a cache at all")
    else:
        path.write_bytes(b"")
    assert cache.find_db(tmp_path, "registry-x") is None
    assert not path.exists()  # removed, so that the next build repairs it
    builds: list[int] = []

    def fill(conn):
        builds.append(1)
        reg._fill_db(conn)

    again = cache.cached_db(tmp_path, "registry-x", fill)
    assert builds == [1] and again is not None
    assert _found(Registry._from_db(again), TEXT) == _found(reg, TEXT)
    assert cache.cached_db(tmp_path, "registry-x", fill) == again and builds == [1]  # repaired: a hit


def test_index_of_the_wrong_shape_is_refused(tmp_path: Path):
    path = cache.build_db(tmp_path, "registry-x", lambda conn: cache.fill_table(conn, "meta", [("state", (0,))]))
    assert path is not None
    with pytest.raises(ValueError):
        Registry._from_db(path)


def test_index_reconnects_in_a_forked_child_and_pickles_as_its_path(tmp_path: Path):
    import os
    import pickle

    reg = _registry()
    back = Registry._from_db(_db(tmp_path, reg))
    assert _found(back, TEXT) == _found(reg, TEXT)
    db = back._raw.db
    parent_conn = db.conn()
    db._pid = -1  # as in a child forked after the parent connected
    assert db.conn() is not parent_conn and db._pid == os.getpid()
    again = pickle.loads(pickle.dumps(back))
    assert again._raw.db.path == db.path and _found(again, TEXT) == _found(reg, TEXT)


def test_memo_of_an_index_is_bounded(tmp_path: Path):
    path = cache.build_db(tmp_path, "t", lambda conn: cache.fill_table(conn, "kv", ((f"k{i}", i) for i in range(50))))
    assert path is not None
    kv = cache.DbMap(cache.Db(path), "kv", memo=10)
    assert [kv.get(f"k{i}") for i in range(50)] == list(range(50))
    assert len(kv._memo) <= 10 and kv.get("missing") is None and "k3" in kv and len(kv) == 50


def test_unwritable_cache_folder_is_skipped(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cache.store(blocker / "sub" / "c.marshal", {"a": "b"}) is False
    assert cache.cached(blocker / "sub" / "c.marshal", lambda: {"a": "b"}, lambda v: v, dict) == {"a": "b"}


def test_no_cache_env(monkeypatch):
    monkeypatch.setenv("CLAIMX_NO_CACHE", "1")
    assert cache.cache_dir() is None
    monkeypatch.setenv("CLAIMX_NO_CACHE", "0")
    monkeypatch.setenv("CLAIMX_CACHE_DIR", "/somewhere")
    assert cache.cache_dir() == Path("/somewhere")


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from claimx import cache

    path = Path(sys.argv[1])
    value = {f"key{i}": "v" * (i % 50) for i in range(20000)}
    bad = 0
    for _ in range(40):
        got = cache.cached(path, lambda: value, lambda v: v, dict)
        bad += got != value
        cache.store(path, value)
    print(bad)
""")


def _run_two(script: str, arg: Path) -> list[str]:
    """Run ``script`` in two processes at once on ``arg``; both must exit 0; their outputs."""
    procs = [subprocess.Popen([sys.executable, "-c", script, str(arg)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    return outs


def test_concurrent_processes_on_an_empty_cache_folder(tmp_path: Path):
    """Two processes building, writing and reading the same cache file at once never see a partial file."""
    folder = tmp_path / "empty-cache"
    path = folder / "c.marshal"
    assert _run_two(WRITER, path) == ["0", "0"]
    assert cache.load(path, dict) is not None
    assert not list(folder.glob("*.tmp")), "temporary files left behind"


@pytest.fixture
def fresh_lexicon_caches():
    from claimx import lexicon

    def clear() -> None:
        lexicon.drug_index.cache_clear()
        lexicon.load_yaml.cache_clear()

    clear()
    yield lexicon
    clear()  # later tests open the caches of their own environment


def test_lazy_drug_index_gives_the_lexicon_built_in_memory(tmp_path: Path, monkeypatch, fresh_lexicon_caches):
    lexicon = fresh_lexicon_caches
    own = {lexicon.norm_key(r["term"]) for r in lexicon.read_tsv(model_path("vocab", "interventions.tsv"))}
    hidden = next(k for k in lexicon.drug_terms() if " " not in k and len(k) > 6 and k not in own)
    extra = tmp_path / "outcomes.txt"
    extra.write_text(f"{hidden}\nliver fat\n", encoding="utf-8")  # a user outcome hides a drug of that name
    monkeypatch.setenv("CLAIMX_NO_CACHE", "1")
    memory = lexicon.build_lexicon([], [extra])
    assert isinstance(memory.interventions.terms, dict)
    monkeypatch.delenv("CLAIMX_NO_CACHE")
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path / "cache"))
    lexicon.drug_index.cache_clear()
    lazy = lexicon.build_lexicon([], [extra])
    assert list((tmp_path / "cache").glob("drugindex-*.sqlite")) and list((tmp_path / "cache").glob("lexicon-*"))
    again = lexicon.build_lexicon([], [extra])  # from the cached lexicon
    drugs = list(lexicon.drug_terms())
    assert len(drugs) > 1000
    keys = [*drugs[::37], *list(memory.interventions.terms)[::11], *memory.outcomes.terms, hidden, "no such"]
    for lex in (lazy, again):
        assert not isinstance(lex.interventions.terms, dict)
        assert [lex.interventions.terms.get(k) for k in keys] == [memory.interventions.terms.get(k) for k in keys]
        assert lex.outcomes.terms == memory.outcomes.terms and lex.outcome_words == memory.outcome_words
        words = [k.split()[0] for k in keys]
        words += [w for k in keys for w in k.split()]
        assert lex.interventions.scan(words, words) == memory.interventions.scan(words, words)
    assert memory.interventions.terms.get(hidden) is None is lazy.interventions.terms.get(hidden)
    assert sum(e is not None for e in (lazy.interventions.terms.get(k) for k in drugs[::37])) > 20


def test_yaml_data_files_are_cached_and_repaired(tmp_path: Path, monkeypatch, fresh_lexicon_caches):
    lexicon = fresh_lexicon_caches
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path))
    parsed = lexicon.load_yaml("patterns", "effects.yaml")
    (cached,) = tmp_path.glob("yaml-*.marshal")
    assert cache.decode(cached.read_bytes()) == parsed
    lexicon.load_yaml.cache_clear()
    assert lexicon.load_yaml("patterns", "effects.yaml") == parsed
    cached.write_bytes(cached.read_bytes()[:40])  # damaged: parsed again and rewritten
    lexicon.load_yaml.cache_clear()
    assert lexicon.load_yaml("patterns", "effects.yaml") == parsed
    assert cache.decode(cached.read_bytes()) == parsed


DB_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from claimx import cache

    folder = Path(sys.argv[1])
    value = {f"key{i}": "v" * (i % 50) for i in range(5000)}

    def fill(conn):
        cache.fill_table(conn, "kv", value.items())

    bad = 0
    for _ in range(15):
        path = cache.cached_db(folder, "kv", fill)
        got = dict(cache.DbMap(cache.Db(path), "kv").items())
        bad += got != value
        cache.build_db(folder, "kv", fill)
    print(bad)
""")


def test_concurrent_processes_build_and_read_one_index(tmp_path: Path):
    """Two processes building and reading the same SQLite index at once on an empty folder never read a
    partial database and leave no temporary file."""
    folder = tmp_path / "empty-cache"
    assert _run_two(DB_WRITER, folder) == ["0", "0"]
    assert cache.find_db(folder, "kv") is not None
    assert not list(folder.glob("*.tmp")), "temporary files left behind"
