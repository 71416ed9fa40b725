"""Inline and front-matter suppressions, and NL001 for the ones that suppress nothing."""

from __future__ import annotations

import json

from helpers import run_newslint, write

REPEAT = "the council approved the new budget after a long debate on Tuesday"


def article(middle: str, front: str = "") -> str:
    return (f"{front}# Budget\n\nOn Monday {REPEAT}.\n\n{middle}\n\n"
            "Another paragraph about something else entirely.\n")


def findings(tmp_path, name: str, text: str, *extra: str) -> list[dict]:
    write(tmp_path / name, text)
    proc = run_newslint("check", "--format", "json", "--select", "NL0,NL101", *extra, name, cwd=tmp_path)
    found = json.loads(proc.stdout)["files"][0]["findings"]
    # front matter that cannot be read (NL003) is a mistake in the file, as a configuration's is
    assert proc.returncode in ((2,) if any(f["code"] == "NL003" for f in found) else (0, 1)), proc.stderr
    return found


def codes(items):
    return [(f["code"], f["line"]) for f in items]


def test_unsuppressed_repeat_is_reported(tmp_path):
    assert codes(findings(tmp_path, "a.md", article(f"Critics said {REPEAT}."))) == [("NL101", 5)]


def test_disable_next_line_with_code_and_name(tmp_path):
    for selector in ("NL101", "repeated-passage", ""):
        text = article(f"<!-- newslint-disable-next-line {selector} -->\nCritics said {REPEAT}.")
        assert findings(tmp_path, "a.md", text) == [], selector


def test_disable_next_line_for_another_rule_does_not_hide_and_is_unused(tmp_path):
    text = article(f"<!-- newslint-disable-next-line NL4 -->\nCritics said {REPEAT}.")
    assert codes(findings(tmp_path, "a.md", text, "--extend-select", "NL4")) == [("NL001", 5), ("NL101", 6)]


def test_a_suppression_of_a_rule_that_did_not_run_is_not_called_unused(tmp_path):
    """NL001 judges a suppression only when the rules it names ran: a run with --select (a hook
    that runs one family) knows nothing about the others."""
    text = article(f"<!-- newslint-disable-next-line NL4 -->\nCritics said {REPEAT}.\n\n"
                   "<!-- newslint-disable-next-line NL101 -->\nNothing repeats here.\n\n"
                   "<!-- newslint-disable-next-line -->\nNor here.")
    # NL4 did not run, nor every rule; NL101 ran and its suppression hid nothing
    assert codes(findings(tmp_path, "a.md", text)) == [("NL101", 6), ("NL001", 8)]
    # NL101 not selected: nothing in this file can be called unused
    write(tmp_path / "a.md", text)
    proc = run_newslint("check", "--format", "json", "--select", "NL001,NL3", "a.md", cwd=tmp_path)
    assert [f["code"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == [], proc.stdout
    # the default selection runs every rule that is on by default: all three are judged
    proc = run_newslint("check", "--format", "json", "a.md", cwd=tmp_path)
    unused = [f["line"] for f in json.loads(proc.stdout)["files"][0]["findings"] if f["code"] == "NL001"]
    assert unused == [5, 8, 11], proc.stdout


def test_disable_enable_region(tmp_path):
    text = article(f"<!-- newslint-disable NL101 -->\n\nCritics said {REPEAT}.\n\n<!-- newslint-enable -->")
    assert findings(tmp_path, "a.md", text) == []
    # after the region ends the rule is back
    text = article(f"<!-- newslint-disable NL101 -->\n<!-- newslint-enable NL101 -->\n\nCritics said {REPEAT}.")
    assert codes(findings(tmp_path, "a.md", text)) == [("NL001", 5), ("NL101", 8)]


def test_front_matter_ignore(tmp_path):
    front = "---\ntitle: Budget\nnewslint:\n  ignore: [NL101]\n---\n\n"
    assert findings(tmp_path, "a.md", article(f"Critics said {REPEAT}.", front)) == []
    # the same front matter on an article with nothing to ignore is an unused suppression
    nothing = findings(tmp_path, "b.md", front + "# Budget\n\nA short and tidy article.\n")
    assert codes(nothing) == [("NL001", 1)]
    assert nothing[0]["severity"] == "info"


def test_unused_suppression_does_not_fail_the_run_but_can_be_ignored(tmp_path):
    write(tmp_path / "a.md", "# T\n\n<!-- newslint-disable-next-line NL101 -->\nA tidy line.\n")
    proc = run_newslint("check", "--select", "NL0,NL101", "a.md", cwd=tmp_path)
    assert proc.returncode == 0 and "NL001 [info]" in proc.stdout
    proc = run_newslint("check", "--select", "NL0,NL101", "--ignore", "NL001", "a.md", cwd=tmp_path)
    assert proc.returncode == 0 and "NL001" not in proc.stdout


def test_plain_text_supports_the_same_comments(tmp_path):
    text = (f"Budget\n\nOn Monday {REPEAT}.\n\n<!-- newslint-disable-next-line NL101 -->\n"
            f"Critics said {REPEAT}.\n")
    assert findings(tmp_path, "a.txt", text) == []


def test_per_file_ignores(tmp_path):
    write(tmp_path / "newslint.toml", '[per-file-ignores]\n"drafts/*" = ["repeated-passage"]\n')
    text = article(f"Critics said {REPEAT}.")
    assert findings(tmp_path, "drafts/a.md", text) == []
    assert codes(findings(tmp_path, "news/a.md", text)) == [("NL101", 5)]


def test_suppression_naming_no_rule_says_so(tmp_path):
    # a misspelt code hides nothing; say that it is misspelt, even when another code in it works
    text = article(f"<!-- newslint-disable-next-line NL101 NL1O1 -->\nCritics said {REPEAT}.")
    [unknown] = findings(tmp_path, "a.md", text)
    assert (unknown["code"], unknown["line"]) == ("NL001", 5)
    assert "NL1O1" in unknown["message"] and "not a rule newslint knows" in unknown["message"]
    assert "NL101," not in unknown["message"]
    front = "---\nnewslint: {ignore: [repeated-pasage]}\n---\n\n"
    result = findings(tmp_path, "b.md", article(f"Critics said {REPEAT}.", front))
    assert codes(result) == [("NL001", 1), ("NL101", 9)]
    assert "repeated-pasage" in result[0]["message"] and "not a rule newslint knows" in result[0]["message"]
    # codes, prefixes and names of real rules are not flagged as unknown
    text = article(f"<!-- newslint-disable-next-line NL1, repeated-passage -->\nCritics said {REPEAT}.")
    assert findings(tmp_path, "c.md", text) == []


def test_mistake_in_the_front_matter_newslint_entry_is_reported(tmp_path):
    # a misspelt key would otherwise suppress nothing without a word
    for name, front, words in [
        ("a.md", "---\nnewslint: {ignroe: [NL101]}\n---\n\n", "unknown key 'ignroe'"),
        ("b.md", '+++\nnewslint = "NL101"\n+++\n\n', "must be a table"),
        ("c.md", "---\nnewslint:\n  ignore: [101]\n---\n\n", "must be a rule code or name"),
    ]:
        result = findings(tmp_path, name, article(f"Critics said {REPEAT}.", front))
        [problem] = [f for f in result if f["code"] == "NL003"]
        assert problem["line"] == 2 and words in problem["message"], (name, result)
        assert "ignore" in problem["message"]
    # a correct entry is quiet
    assert findings(tmp_path, "d.md", article(f"Critics said {REPEAT}.", "---\nnewslint: {ignore: NL101}\n---\n\n")) == []
