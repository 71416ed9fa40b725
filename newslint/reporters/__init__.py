"""Built-in output formats, registered through the plugin manager like any third-party format."""

from ..hookspecs import hookimpl
from .base import Reporter, ReportOptions
from .github import GithubReporter
from .html import HtmlReporter
from .json import JsonReporter
from .junit import JunitReporter
from .sarif import SarifReporter
from .text import TextReporter

__all__ = ["Reporter", "ReportOptions"]


@hookimpl
def newslint_register_reporters():
    return {
        "text": TextReporter,
        "json": JsonReporter,
        "sarif": SarifReporter,
        "github": GithubReporter,
        "junit": JunitReporter,
        "html": HtmlReporter,
    }
