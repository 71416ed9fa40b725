"""The html format: one self-contained page with each article and its findings marked in place."""

from __future__ import annotations

from ..base import Reporter


class HtmlReporter(Reporter):
    description = "one self-contained HTML page: each article with its findings marked in place"
    needs_documents = True

    def render(self, result) -> str:
        from .page import render  # jinja2 and the page's parts load only for this format

        return render(result, self.options)
