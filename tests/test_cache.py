"""On-disk caches: atomic writes, validation on load, repair of damaged files, concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimx import cache
from claimx.registry import Registry, _Entry


def _registry() -> Registry:
    return Registry([
        _Entry("British Medical Journal", "journal", None, ("BMJ",), 0, False),
        _Entry("World Health Organization", "agency", None, ("WHO",), 0, False),
    ])


def _found(reg: Registry, text: str) -> list[tuple[int, int, str]]:
    return [(a, b, link.canonical) for a, b, link in reg.find(text)]


TEXT = "A trial in the BMJ and advice from the World Health Organization."


def test_round_trip_gives_the_same_registry(tmp_path: Path):
    path = tmp_path / "registry-x.marshal"
    reg = _registry()
    assert cache.store(path, reg._state())
    back = cache.load(path, Registry._from_state)
    assert back is not None
    assert _found(back, TEXT) == _found(reg, TEXT) and len(_found(reg, TEXT)) == 2


@pytest.mark.parametrize("damage", ["truncate", "garble", "foreign", "empty", "wrong-shape"])
def test_damaged_cache_is_rebuilt_and_repaired(tmp_path: Path, damage: str):
    path = tmp_path / "registry-x.marshal"
    reg = _registry()
    cache.store(path, reg._state())
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garble":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "foreign":
        path.write_bytes(b"\x00\x01not a cache at all")
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # intact file holding a value of the wrong shape
        path.write_bytes(cache.encode(("a", "b")))
    assert cache.load(path, Registry._from_state) is None
    builds: list[int] = []

    def build() -> Registry:
        builds.append(1)
        return _registry()

    again = cache.cached(path, build, Registry._state, Registry._from_state)
    assert builds == [1] and _found(again, TEXT) == _found(reg, TEXT)
    # repaired: the next load is a hit and does not build
    hit = cache.cached(path, build, Registry._state, Registry._from_state)
    assert builds == [1] and _found(hit, TEXT) == _found(reg, TEXT)
    assert cache.decode(path.read_bytes())[0] == reg._state()[0]


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


def test_concurrent_processes_on_an_empty_cache_folder(tmp_path: Path):
    """Two processes building, writing and reading the same cache file at once never see a partial file."""
    folder = tmp_path / "empty-cache"
    path = folder / "c.marshal"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs == ["0", "0"]
    assert cache.load(path, dict) is not None
    assert not list(folder.glob("*.tmp")), "temporary files left behind"
