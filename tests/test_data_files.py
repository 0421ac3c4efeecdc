"""Every shipped data file parses, has a provenance header, and holds no YAML 1.1 booleans by accident."""

from __future__ import annotations

import yaml

from claimx.paths import models_dir


def _walk(node, path, out):
    if isinstance(node, bool):
        out.append(path)
    elif isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, bool):
                out.append(f"{path}/<key {k}>")
            _walk(v, f"{path}/{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk(v, f"{path}[{i}]", out)


def test_yaml_files_parse_without_accidental_booleans():
    bad: list[str] = []
    for f in sorted(models_dir().rglob("*.yaml")):
        _walk(yaml.safe_load(f.read_text(encoding="utf-8")), f.name, bad)
    assert bad == [], f"unquoted yes/no/on/off in: {bad}"


def test_data_files_start_with_a_provenance_header():
    missing = []
    for f in sorted(models_dir().rglob("*")):
        if f.is_file() and f.suffix in {".yaml", ".tsv", ".txt"} and "fixtures" not in f.parts:
            first = f.read_text(encoding="utf-8").lstrip()[:1]
            if first != "#":
                missing.append(str(f.relative_to(models_dir())))
    assert missing == []


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (a pasted block missing its `- name:`)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {sorted(map(str, dupes))}",
                                                node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def test_yaml_files_have_no_duplicate_keys():
    files = sorted(models_dir().rglob("*.yaml"))
    assert files
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)


def test_strict_loader_catches_a_duplicate_key():
    import pytest

    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("- name: a\n  trigger: 1\n  trigger: 2\n", Loader=_StrictLoader)
