"""The engine's own codes (NL0xx). They have no check: the engine reports them itself."""

from __future__ import annotations

from .findings import Severity
from .hookspecs import hookimpl
from .rule import Rule


class InternalError(Rule):
    """
    ## What it does
    Reports that a rule crashed on this file. The other rules still ran, and the other files were
    still checked, but this rule's findings for this file are missing: the findings it had already
    reported before it crashed are dropped too, with their fixes, so that a half-finished check
    never reaches the report or `--fix`. A per-run rule that crashes while comparing the files
    loses all its findings of the run the same way.

    A rule that breaks its contract is reported the same way: one that gives something other than
    a finding or an invalid finding (another rule's code, a severity that is not a `Severity`, a
    span outside the file or that ends before it starts), gives figures that are not a table,
    reports a per-run finding for a file the run did not check, calls `sys.exit`, or cannot be
    pickled to be sent to the worker processes (it then does not run at all, whatever the number
    of files).

    A rule that takes longer than `rule-timeout` seconds (30 by default; `--rule-timeout`) on one
    file is stopped and reported here for that file, with the other rules' findings kept. A file
    whose worker process died twice while checking it (a plugin that ends its process, the
    out-of-memory killer) is reported here too, without a rule's name.

    So is a rule that suggests a fix that does not fit the article: a span that ends before it
    starts, starts before the article or ends past its end, a line and column that are not those
    of the offset, or a text to replace that is not the text there. Such a span is never clamped
    or guessed at: the rule's findings on that file are dropped and `--fix` writes none of its
    fixes there (`story.md:1:1: NL000 [error] rule HS101 (house-style) produced an invalid fix,
    so none of its findings on this file is kept: InvalidFix: its span 20..10 ends before it
    starts`).

    ## Why it matters
    A silent crash would look like a clean article. The run exits with code 2 so that CI notices.

    ## Example
    `story.md:1:1: NL000 [error] rule NL999 (my-rule) crashed on this file: ZeroDivisionError: division by zero`

    ## Instead
    Nothing to change in the article. Run again with `--verbose` to see the traceback and report it
    to whoever maintains the rule (the message names the rule and its plugin).
    """

    code = "NL000"
    name = "internal-error"
    severity = Severity.ERROR
    summary = "A rule crashed while checking this file."


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports an inline suppression comment (`<!-- newslint-disable ... -->`,
    `<!-- newslint-disable-next-line ... -->`) or a front-matter `newslint: {ignore: [...]}` that
    did not suppress any finding.

    A suppression is judged only when the rules it names ran on the file: a run with `--select NL3`
    says nothing of a suppression of NL101. One of a family (`NL4`), or of every rule, is judged
    when every rule of it that is on by default ran (it may be for one of the others otherwise).
    One that names a rule newslint does not know is always reported.

    ## Why it matters
    Suppressions outlive the problem they were written for. A stale one hides the next real
    problem in that place.

    ## Example
    ```markdown
    # Library opens late

    <!-- newslint-disable-next-line NL101 -->
    A paragraph that repeats nothing.
    ```

    ## Instead
    ```markdown
    # Library opens late

    A paragraph that repeats nothing.
    ```
    Delete the comment, or narrow it to the rule that still needs it.
    """

    code = "NL001"
    name = "unused-suppression"
    severity = Severity.INFO
    summary = "An inline or front-matter suppression that suppresses nothing."


class UnreadableFile(Rule):
    """
    ## What it does
    Reports a file that cannot be read as text: it does not exist, cannot be opened, is a binary
    file, or is not valid UTF-8. The message gives the byte offset of the first bad byte.

    Only regular files are read (a symbolic link is followed to one): a named pipe, a device
    (`/dev/zero`) or a socket is reported as "not a regular file" without a byte read, so that it
    never blocks or fills memory. A file larger than `max-file-size` (20 MB by default; the
    `--max-file-size` option) is reported as "too large" and not read.

    With `--fix`, it also reports a file whose fixes were not written, and why: the disk is full,
    the file is read-only, or it changed while it was being checked (an editor saved it meanwhile:
    writing the fixed text would lose that edit). The file is then left exactly as it was.

    ## Why it matters
    A file that cannot be read cannot be checked. The other files are still checked; the run exits
    with code 2.

    ## Example
    `story.txt: NL002 [error] story.txt is not valid UTF-8 text (byte 1043)`

    ## Instead
    Save the article as UTF-8 text (most editors offer "UTF-8" in their Save As dialog).
    """

    code = "NL002"
    name = "unreadable-file"
    severity = Severity.ERROR
    summary = "The file cannot be read as UTF-8 text."


class InvalidFrontMatter(Rule):
    """
    ## What it does
    Reports YAML (`---`) or TOML (`+++`) front matter at the top of an article that cannot be
    parsed, or that is opened and never closed. The body is still checked, and the run's exit
    code is 2, as for a file that cannot be read.

    ## Why it matters
    Publishing systems read the front matter for the headline, byline and tags; a broken block
    usually means a broken page.

    ## Example
    ```markdown
    ---
    title: "Unclosed quote
    ---
    The library opens late on Thursdays.
    ```

    ## Instead
    ```markdown
    ---
    title: "Closed quote"
    ---
    The library opens late on Thursdays.
    ```
    Fix the syntax the message points at, or close the block with the same fence it opened with.
    """

    code = "NL003"
    name = "invalid-front-matter"
    severity = Severity.ERROR
    summary = "Front matter that cannot be parsed."


class UnusedBaselineEntry(Rule):
    """
    ## What it does
    Reports the entries of the baseline (`--baseline FILE`, or `baseline` in the configuration)
    that hide nothing in this file any more: the finding they were written for was fixed, or the
    text it flagged was changed (an edited sentence is checked afresh). One finding per file says
    how many entries and of which rules.

    Entries of the rules that compare articles with each other (NL103, NL104) are not reported:
    whether they show depends on which articles are checked together.

    ## Why it matters
    A baseline entry that hides nothing today would hide the same problem if it came back. Keeping
    the baseline to what is really there keeps it honest, and small.

    ## Example
    `stories/harbour.md:1:1: NL004 [info] 1 entry of the baseline newslint-baseline.json (NL101)
    matches nothing in this file any more: ...`

    ## Instead
    Write the baseline again, which drops the entries that match nothing:
    `newslint check --write-baseline newslint-baseline.json .`
    """

    code = "NL004"
    name = "unused-baseline-entry"
    severity = Severity.INFO
    summary = "A baseline entry that hides nothing in this file any more."


ENGINE_RULES = (InternalError, UnusedSuppression, UnreadableFile, InvalidFrontMatter, UnusedBaselineEntry)


@hookimpl
def newslint_register_rules():
    return list(ENGINE_RULES)
