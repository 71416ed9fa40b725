"""The run's configuration and archive: one configuration per run whatever the order of the paths,
an archive that ``exclude`` never empties, and a plain warning for an archive with no article."""

from __future__ import annotations

import json

from conftest import CLEAN_ARTICLE, REPEATING_ARTICLE
from test_paths import ARCHIVED, RECYCLING


def _two_desks(tmp_path):
    """Two folders, each with a configuration of its own that turns NL101 off or on."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.md").write_text(REPEATING_ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "story.md").write_text(REPEATING_ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "newslint.toml").write_text('select = ["NL101"]\n', encoding="utf-8")
    (tmp_path / "b" / "newslint.toml").write_text('select = ["NL0"]\n', encoding="utf-8")


def test_configuration_does_not_depend_on_argument_order(run_cli, tmp_path):
    _two_desks(tmp_path)
    ab, ba = run_cli("check", "a", "b"), run_cli("check", "b", "a")
    assert (ab.returncode, ab.stdout, ab.stderr) == (ba.returncode, ba.stdout, ba.stderr)
    # neither desk's file is the run's: both are named, with the way to use them
    notes = [line for line in ab.stderr.splitlines() if line.startswith("newslint: note:")]
    assert len(notes) == 2
    assert "a/newslint.toml is not used" in notes[0] and "pass --config a/newslint.toml" in notes[0]
    assert "b/newslint.toml is not used" in notes[1] and "this run's is no configuration file" in notes[1]


def test_the_working_directorys_configuration_serves_the_whole_run(run_cli, tmp_path):
    _two_desks(tmp_path)
    (tmp_path / "newslint.toml").write_text('select = ["NL101"]\n', encoding="utf-8")
    proc = run_cli("check", "b", "a")
    # NL101 everywhere: b's own file (NL0 only) is not used, nor a's, and notes say so
    assert {line.split(":")[0] for line in proc.stdout.splitlines() if "NL101" in line} == {"a/story.md", "b/story.md"}
    notes = [line for line in proc.stderr.splitlines() if "note:" in line]
    assert [note.split()[2] for note in notes] == ["a/newslint.toml", "b/newslint.toml"]
    assert all("this run's is newslint.toml (found from the working directory)" in note for note in notes)


def test_paths_that_share_a_configuration_use_it_from_anywhere(run_cli, tmp_path):
    _two_desks(tmp_path)
    proc = run_cli("check", "a/story.md")
    assert "NL101" in proc.stdout and proc.stderr == ""
    # standard input under a name: the name's configuration
    proc = run_cli("check", "--stdin-filename", "b/story.md", "-", input=REPEATING_ARTICLE)
    assert "NL101" not in proc.stdout and proc.stderr == ""
    # --config names the file: no note about the others
    proc = run_cli("check", "--config", "a/newslint.toml", "a", "b")
    assert proc.stdout.count("NL101") == 2 and proc.stderr == ""


def test_a_configuration_in_a_folder_walked_is_named_when_it_is_not_used(run_cli, tmp_path):
    (tmp_path / "newslint.toml").write_text('select = ["NL101"]\n', encoding="utf-8")
    (tmp_path / "sport").mkdir()
    (tmp_path / "sport" / "story.md").write_text(CLEAN_ARTICLE, encoding="utf-8")
    (tmp_path / "sport" / "pyproject.toml").write_text('[tool.newslint]\nselect = ["NL4"]\n', encoding="utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.md").write_text(CLEAN_ARTICLE, encoding="utf-8")
    # a pyproject.toml without a newslint table is not a configuration
    (tmp_path / "news" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    proc = run_cli("check", ".")
    assert proc.returncode == 0
    [note] = proc.stderr.splitlines()
    assert note.startswith("newslint: note: sport/pyproject.toml is not used")


def _newsroom(tmp_path, exclude: str = '["archive/"]'):
    (tmp_path / "archive").mkdir(parents=True)
    (tmp_path / "archive" / "2023-harbour.md").write_text(ARCHIVED, encoding="utf-8")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "slipway.md").write_text(RECYCLING, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(f'select = ["NL103"]\nexclude = {exclude}\narchive = ["archive/"]\n',
                                            encoding="utf-8")


def test_the_archive_is_never_filtered_by_exclude(run_cli, tmp_path):
    _newsroom(tmp_path)
    # the whole repository: the archive itself is excluded from the check, not from the comparison
    proc = run_cli("check", ".")
    assert proc.returncode == 1, proc.stderr
    assert "stories/slipway.md:5:1: NL103" in proc.stdout and "archive/2023-harbour.md" in proc.stdout
    assert not any(line.startswith("archive/") for line in proc.stdout.splitlines())
    # an exclude that matches the archive's files by name, not by folder
    _newsroom(tmp_path / "by-name", exclude='["2023-*.md"]')
    proc = run_cli("check", "stories", cwd=tmp_path / "by-name")
    assert "NL103" in proc.stdout, proc.stderr


def test_an_archive_with_no_article_is_a_plain_warning(run_cli, tmp_path):
    _newsroom(tmp_path)
    for old in (tmp_path / "archive").iterdir():
        old.rename(old.with_suffix(".html"))
    proc = run_cli("check", "stories")
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == ["newslint: warning: archive archive has no articles in it (.md, .markdown "
                                        "or .txt files), so nothing is compared with it"]
    # a warning, not an error: the machine formats say nothing of it
    data = json.loads(run_cli("check", "--format", "json", "stories").stdout)
    assert data["errors"] == []


def test_respect_gitignore_and_baseline_in_the_configuration_are_checked(run_cli, tmp_path):
    (tmp_path / "a.md").write_text(CLEAN_ARTICLE, encoding="utf-8")
    for setting, expected in (('respect-gitignore = "no"', 'respect-gitignore: expected true or false, got "no"'),
                              ("baseline = 3", "baseline: expected a path as a string, got 3")):
        (tmp_path / "newslint.toml").write_text(setting + "\n", encoding="utf-8")
        proc = run_cli("check", "a.md")
        assert proc.returncode == 2 and proc.stderr == f"newslint: error: newslint.toml: {expected}\n"


def test_the_archive_command_reads_the_working_directorys_configuration(run_cli, tmp_path):
    _newsroom(tmp_path)
    proc = run_cli("archive", "build", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert any((tmp_path / ".newslint_cache").glob("*.sqlite3"))
