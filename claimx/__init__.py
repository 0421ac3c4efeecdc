"""claimx: a command-line claim checker for health writing.

The library API returns exactly what ``claimx check`` reports::

    import claimx
    result = claimx.analyze(Path("article.md"))      # a file; a str is the article's text
    result.to_json()                                 # == claimx check article.md --format json
    many = claimx.analyze_many(["posts/"])           # files and folders, walked like the CLI
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from claimx.api import Checker, Result, Source, analyze, analyze_many

__all__ = ["Checker", "Result", "Source", "__version__", "analyze", "analyze_many"]


def __getattr__(name: str) -> Any:
    # loaded on first use, so that ``import claimx`` (and ``claimx --version``) stays light
    if name in {"Checker", "Result", "Source", "analyze", "analyze_many"}:
        from claimx import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimx' has no attribute {name!r}")
