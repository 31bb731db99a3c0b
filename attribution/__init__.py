"""attribution: find every quote in a news article, its speaker and its reporting outlet.

Pure Python over spaCy: no web framework, no queue. `attribute(text)` uses a
process-wide engine that loads the model on first use.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .pipeline import Engine

_engine: Engine | None = None
_lock = threading.Lock()


def default_engine() -> Engine:
    """The shared engine, loaded once per process (workers call this before forking)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                from .pipeline import Engine

                _engine = Engine()
    return _engine


def attribute(text: str, *, title: str | None = None) -> dict[str, Any]:
    """Attribute one article; see `openapi.yaml` (AttributionResult) for the shape."""
    return default_engine().attribute(text, title=title)


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from .pipeline import Engine

        return Engine
    raise AttributeError(name)


__all__ = ["attribute", "default_engine", "Engine", "__version__"]
