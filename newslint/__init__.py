"""newslint: a linter for news articles.

The public API for plugin authors: ``hookimpl``, ``Rule``, ``Option``, ``Finding``, ``Severity``,
``Document`` and ``RunContext``.
"""

__version__ = "0.1.0"

from .document import Document  # noqa: E402
from .engine import RunContext  # noqa: E402
from .findings import Finding, Fix, Position, Related, Severity  # noqa: E402
from .hookspecs import hookimpl  # noqa: E402
from .rule import Option, Rule  # noqa: E402

__all__ = ["__version__", "hookimpl", "Rule", "Option", "Finding", "Fix", "Position", "Related", "Severity",
           "Document", "RunContext"]
