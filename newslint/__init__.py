"""newslint: a linter for news articles.

The public API for plugin authors: ``hookimpl``, ``Rule``, ``Option``, ``Preparation``, ``Finding``,
``Severity``, ``Document``, ``parse`` (text to the segmented document the engine uses) and ``RunContext``.
"""

__version__ = "0.1.0"

from .document import Document, parse  # noqa: E402
from .engine import RunContext  # noqa: E402
from .findings import Finding, Fix, Position, Related, Severity  # noqa: E402
from .hookspecs import hookimpl  # noqa: E402
from .rule import Option, Preparation, Rule  # noqa: E402

__all__ = ["__version__", "hookimpl", "Rule", "Option", "Preparation", "Finding", "Fix", "Position", "Related",
           "Severity", "Document", "parse", "RunContext"]
