from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "articles" / "ketamine_sleep.txt"


@pytest.fixture(scope="session")
def pipeline():
    from claimx.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def example_result(pipeline):
    if not EXAMPLE.is_file():
        pytest.skip("../shared is absent")
    return pipeline.check_path(EXAMPLE)
