"""Where the shipped data files (``models/``) live.

In a wheel they are installed inside the package as ``claimx/models``; in a source checkout or an editable
install they are the repository's top-level ``models/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def models_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "models", here.parent / "models"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("claimx data files (models/) are missing from this installation")


def model_path(*parts: str) -> Path:
    return models_dir().joinpath(*parts)
