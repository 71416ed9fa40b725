"""The engine: run the selected rules over a set of files and collect filtered, sorted findings.

One module per responsibility:

* ``inputs`` — which files a run checks and how each is read;
* ``worker`` — one document: load it, run the per-document rules (in worker processes);
* ``context`` — what per-run rules may use: settings, the archive, shared indexes;
* ``filters`` — selection, per-file ignores, suppressions and severity overrides;
* ``fixes`` — applying and writing the fixes rules suggest;
* ``run`` — the run itself, tying these together;
* ``results`` — what a run hands to the reporters.
"""

from .context import ArchiveEntry, RunContext
from .filters import is_selected_code
from .fixes import apply_fixes
from .inputs import ARTICLE_SUFFIXES, STDIN, Input, expand_paths, read_input
from .results import DocumentView, FileResult, RunResult
from .run import POOL_THRESHOLD, START_METHOD_ENV, instantiate, run, version_info
from .worker import check_document

__all__ = ["ARTICLE_SUFFIXES", "STDIN", "POOL_THRESHOLD", "START_METHOD_ENV", "ArchiveEntry", "DocumentView",
           "FileResult", "Input", "RunContext",
           "RunResult", "apply_fixes", "check_document", "expand_paths", "instantiate", "is_selected_code",
           "read_input", "run", "version_info"]
