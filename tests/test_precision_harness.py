"""The judged-precision benchmark's own parts: halves, keys, the verdict file and the arithmetic.

The articles are written here; the corpus is never read.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_harness():
    spec = importlib.util.spec_from_file_location("precision_harness", ROOT / "benchmarks" / "precision.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


precision = _load_harness()

#: Nineteen words of the second paragraph come back in the last one: NL101 flags the last.
ARTICLE = """Ferry service returns to the island

The ferry to Carrow Island sailed again on Monday after a winter without crossings.

The operator said the new vessel could carry two hundred passengers and forty cars on each crossing of the sound.

Islanders had campaigned for the return of the service since the old boat was sold.

A spokesman confirmed the new vessel could carry two hundred passengers and forty cars on each crossing of the sound.
"""
MOVED = ARTICLE.replace(
    "Islanders had campaigned",
    "Tickets went on sale at the harbour office in the morning.\n\nIslanders had campaigned")
CHANGED = ARTICLE.replace("A spokesman confirmed the new vessel could carry two hundred passengers and forty",
                          "A spokesman confirmed the new vessel could carry two hundred passengers and sixty")


def _write(path: Path, text: str = "A short line of text for the test.\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_halves_follow_each_folders_numbering(tmp_path):
    for rel in ["bbc/business/001.txt", "bbc/business/002.txt", "bbc/entertainment/013.txt",
                "bbc/README.TXT",
                "fnc/body_0181.txt", "fnc/body_0004.txt",
                "horne_buzzfeed/Real/101_Real.txt", "horne_buzzfeed/Fake/8_Fake.txt",
                "horne_buzzfeed/Fake_titles/9_Fake.txt",
                "onestopenglish/adv/Beta.txt", "onestopenglish/adv/Alpha.txt", "onestopenglish/adv/Gamma.txt",
                "onestopenglish/ele/Alpha.txt",
                "clough_stevenson/g0pA_taska.txt", "clough_stevenson/g3pB_taskd.txt",
                "clough_stevenson/orig_taskc.txt", "clough_stevenson/file_information.csv"]:
        _write(tmp_path / rel)

    def halves(folder):
        return (precision.articles_of_half(tmp_path, folder, "odd"),
                precision.articles_of_half(tmp_path, folder, "even"))

    assert halves("bbc") == (["bbc/business/001.txt", "bbc/entertainment/013.txt"], ["bbc/business/002.txt"])
    assert halves("fnc") == (["fnc/body_0181.txt"], ["fnc/body_0004.txt"])
    assert halves("horne_buzzfeed") == (["horne_buzzfeed/Real/101_Real.txt"], ["horne_buzzfeed/Fake/8_Fake.txt"])
    # position in adv/ sorted by name: Alpha 1, Beta 2, Gamma 3; the other levels are not checked
    assert halves("onestopenglish") == (["onestopenglish/adv/Alpha.txt", "onestopenglish/adv/Gamma.txt"],
                                        ["onestopenglish/adv/Beta.txt"])
    # task letter: a=1, c=3 odd; d=4 even
    assert halves("clough_stevenson") == (["clough_stevenson/g0pA_taska.txt", "clough_stevenson/orig_taskc.txt"],
                                          ["clough_stevenson/g3pB_taskd.txt"])


def _nl101(tmp_path: Path, name: str, text: str):
    _write(tmp_path / "fnc" / name, text)
    found = [f for f in precision.findings_of_run(tmp_path, [f"fnc/{name}"]) if f.code == "NL101"]
    assert len(found) == 1, found
    return found[0]


def test_key_follows_a_finding_that_moves_and_not_one_that_changes(tmp_path):
    original = _nl101(tmp_path, "body_0001.txt", ARTICLE)
    moved = _nl101(tmp_path, "body_0003.txt", MOVED)
    changed = _nl101(tmp_path, "body_0005.txt", CHANGED)
    assert moved.line == original.line + 2
    assert moved.key == original.key
    assert changed.key != original.key


def test_a_verdict_still_applies_after_the_line_moved(tmp_path):
    original = _nl101(tmp_path, "body_0001.txt", ARTICLE)
    judged = tmp_path / "judged.tsv"
    judged.write_text("path\tline\tcode\tkey\tverdict\treason\n"
                      f"fnc/body_0001.txt\t{original.line}\tNL101\t{original.key}\ttrue\tsame fact twice\n",
                      encoding="utf-8")
    verdicts = precision.read_judged(judged)
    (tmp_path / "fnc" / "body_0001.txt").write_text(MOVED, encoding="utf-8")
    moved = _nl101(tmp_path, "body_0001.txt", MOVED)
    assert moved.line != original.line
    assert precision.verdict_of(moved, verdicts) == "true"
    changed = _nl101(tmp_path, "body_0001.txt", CHANGED)
    assert precision.verdict_of(changed, verdicts) is None


def test_key_ignores_case_spacing_and_quote_forms():
    assert precision.finding_key("NL101", "The \u201cnew\u201d  vessel\n") == precision.finding_key("NL101", 'the "new" vessel')
    assert precision.finding_key("NL101", "the new vessel") != precision.finding_key("NL102", "the new vessel")
    assert precision.finding_key("NL101", "the new vessel") != precision.finding_key("NL101", "the old vessel")


def test_key_of_a_finding_about_two_articles_names_the_other_one():
    shared = "the new vessel could carry two hundred passengers"
    assert precision.finding_key("NL103", shared, "fnc/body_0002.txt") != precision.finding_key(
        "NL103", shared, "fnc/body_0004.txt")
    # a finding about one article keys on its text alone
    assert precision.finding_key("NL101", shared, "") == precision.finding_key("NL101", shared)


HEADER = "path\tline\tcode\tkey\tverdict\treason\n"


def test_judged_file_is_read_by_path_code_and_key(tmp_path):
    judged = tmp_path / "fnc.tsv"
    judged.write_text(HEADER
                      + "fnc/body_0001.txt\t7\tNL301\tabc123\tfalse\tcontinues the quotation above\n"
                      + "\n"
                      + "fnc/body_0001.txt\t9\tNL302\tdef456\targuable\tcredit line, often kept\n",
                      encoding="utf-8")
    verdicts = precision.read_judged(judged)
    assert set(verdicts) == {("fnc/body_0001.txt", "NL301", "abc123"), ("fnc/body_0001.txt", "NL302", "def456")}
    assert verdicts[("fnc/body_0001.txt", "NL302", "def456")].reason == "credit line, often kept"
    assert verdicts[("fnc/body_0001.txt", "NL301", "abc123")].line == 7


@pytest.mark.parametrize("row, complaint", [
    ("fnc/body_0001.txt\t7\tNL301\tabc123\twrong\tno\n", "verdict 'wrong'"),
    ("fnc/body_0001.txt\t7\tNL301\tabc123\tfalse\n", "5 columns"),
    ("fnc/body_0001.txt\tseven\tNL301\tabc123\tfalse\tno\n", "line 'seven'"),
    ("fnc/body_0001.txt\t7\tNL301\tabc123\ttrue\tyes\nfnc/body_0001.txt\t8\tNL301\tabc123\tfalse\tno\n",
     "a second verdict"),
])
def test_a_bad_row_is_named_by_file_and_line(tmp_path, row, complaint):
    judged = tmp_path / "fnc.tsv"
    judged.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(precision.JudgedFileError) as raised:
        precision.read_judged(judged)
    assert f"{judged}:" in str(raised.value)
    assert complaint in str(raised.value)


def test_a_wrong_header_is_refused(tmp_path):
    judged = tmp_path / "fnc.tsv"
    judged.write_text("path\tcode\tverdict\n", encoding="utf-8")
    with pytest.raises(precision.JudgedFileError, match=r"fnc\.tsv:1: the header"):
        precision.read_judged(judged)


def _finding(path, code, key, severity="warning"):
    return precision.Finding(path, code, severity, 1, 1, 1, 5, "message", key)


def test_precision_counts_only_judged_warnings():
    verdicts = {(p, c, k): precision.Verdict(p, 1, c, k, v, "r") for p, c, k, v in [
        ("a.txt", "NL301", "k1", "true"), ("a.txt", "NL301", "k2", "arguable"),
        ("b.txt", "NL301", "k3", "false"), ("b.txt", "NL301", "k4", "false"),
        ("b.txt", "NL403", "k5", "false")]}
    findings = [_finding("a.txt", "NL301", "k1"), _finding("a.txt", "NL301", "k2"),
                _finding("b.txt", "NL301", "k3"), _finding("b.txt", "NL301", "k4"),
                _finding("b.txt", "NL301", "unjudged"),
                # the key of another file's verdict does not apply here
                _finding("c.txt", "NL301", "k1"),
                _finding("b.txt", "NL403", "k5", severity="info")]
    tallies = precision.tally(findings, verdicts, articles=4)
    t = tallies["NL301"]
    assert (t.warnings, t.true, t.arguable, t.false, t.unjudged) == (6, 1, 1, 2, 2)
    assert t.precision == pytest.approx(1 / 4)
    assert t.precision_lenient == pytest.approx(2 / 4)
    # 6 warnings on 4 articles, half of the judged ones false
    assert t.false_per_article == pytest.approx(6 / 4 * 2 / 4)
    info = tallies["NL403"]
    # a verdict on an info finding is kept apart from the precision of warnings
    assert (info.warnings, info.infos, info.judged, info.precision) == (0, 1, 0, None)
    assert info.info_verdicts == {"false": 1}


def test_sample_is_reproducible_and_takes_all_when_few():
    findings = [_finding(f"{i:03d}.txt", "NL301", f"k{i}") for i in range(50)]
    first = precision.sample(findings, "NL301", 10, 1, "warning", False, {})
    assert first == precision.sample(findings, "NL301", 10, 1, "warning", False, {})
    assert len(first) == 10 and first != precision.sample(findings, "NL301", 10, 2, "warning", False, {})
    assert len(precision.sample(findings, "NL301", 80, 1, "warning", False, {})) == 50
    judged = {("000.txt", "NL301", "k0"): precision.Verdict("000.txt", 1, "NL301", "k0", "true", "r")}
    assert len(precision.sample(findings, "NL301", 80, 1, "warning", True, judged)) == 49


def test_missing_corpus_is_a_message_and_exit_zero(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "precision.py"), str(tmp_path / "absent")],
                          capture_output=True, text=True)
    assert proc.returncode == 0
    assert "corpus not found" in proc.stdout
