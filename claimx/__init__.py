"""claimx: a command-line claim checker for health writing.

The library API returns exactly what ``claimx check`` reports::

    import claimx
    result = claimx.analyze(Path("article.md"))      # a file; a str is the article's text
    result.to_json()                                 # == claimx check article.md --format json
    many = claimx.analyze_many(["posts/"])           # files and folders, walked like the CLI
"""

from __future__ import annotations

import sys
from types import ModuleType
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


# ------------------------------------------------------------------------------------- spaCy's command line

class _SpacyInfoStub(ModuleType):
    """Stands in for ``spacy.cli.info`` while spaCy is imported. spaCy's ``__init__`` imports its whole command
    line (``spacy.cli``: typer apps, weasel, requests and httpx, about 0.16 s of a 1 s cold start) only to
    export ``spacy.info``, and claimx never runs spaCy's command line. The stub hands spaCy a ``spacy.info`` that
    imports the real one when called, and leaves ``sys.modules`` as soon as spaCy has taken it, so that a later
    ``import spacy.cli`` (``python -m spacy``, training) loads the real package."""

    def __getattr__(self, name: str) -> Any:
        if name != "info":
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]

        def info(*args: Any, **kwargs: Any) -> Any:
            from spacy.cli.info import info as real

            return real(*args, **kwargs)

        self.info = info
        return info


if "spacy" not in sys.modules and "spacy.cli.info" not in sys.modules:
    sys.modules["spacy.cli.info"] = _SpacyInfoStub("spacy.cli.info")
