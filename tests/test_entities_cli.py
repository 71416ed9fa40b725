"""The entity-name rules through the real command line: golden output, --fix, packs in config."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import run_newslint, write

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "entities"


def test_golden_output(tmp_path):
    shutil.copy(FIXTURES / "spun_article.txt", tmp_path / "article.txt")
    proc = run_newslint("check", "--isolated", "--select", "NL2", "--no-color", "article.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    expected = (FIXTURES / "spun_article.expected").read_text(encoding="utf-8")
    assert proc.stdout == expected


def test_fix_round_trip(tmp_path):
    article = write(tmp_path / "story.md", (
        "# Port inquiry widens\n\n"
        "Harbour Minister Paolo Hewitt stepped aside after contracts with Russian Federation firms came to light.\n\n"
        "Mr Hewitt denies wrongdoing. His lawyer said Mr Hewitt would cooperate.\n\n"
        "Two contracts were signed while Mr Hewit was abroad, according to the Joined Nations agency.\n\n"
        "The inquiry is led by Special Counsel and former judge Ann Hale. A special counsel is rare.\n\n"
        "The Harbour Board met on Friday, and critics of the Harbour Board said the Harbour board had failed.\n"
    ))
    proc = run_newslint("check", "--isolated", "--select", "NL2", "--fix", "--no-color", str(article), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert article.read_text(encoding="utf-8") == (
        "# Port inquiry widens\n\n"
        "Harbour Minister Paolo Hewitt stepped aside after contracts with Russia firms came to light.\n\n"
        "Mr Hewitt denies wrongdoing. His lawyer said Mr Hewitt would cooperate.\n\n"
        "Two contracts were signed while Mr Hewitt was abroad, according to the United Nations agency.\n\n"
        "The inquiry is led by special counsel and former judge Ann Hale. A special counsel is rare.\n\n"
        "The Harbour Board met on Friday, and critics of the Harbour Board said the Harbour Board had failed.\n"
    )
    again = run_newslint("check", "--isolated", "--select", "NL2", "--no-color", str(article), cwd=tmp_path)
    assert again.returncode == 0 and "NL20" not in again.stdout


def test_house_pack_from_configuration(tmp_path):
    shutil.copy(FIXTURES / "house.toml", tmp_path / "house.toml")
    write(tmp_path / "newslint.toml", 'packs = ["house.toml"]\nselect = ["NL202"]\n')
    write(tmp_path / "a.txt", "Mayor visits\n\nThe mayor of Kiev arrived on Monday.\n")
    proc = run_newslint("check", "--no-color", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "a.txt:3:14: NL202" in proc.stdout and "write “Kyiv”" in proc.stdout
    explain = run_newslint("explain", "NL202", cwd=tmp_path)
    assert explain.returncode == 0
    assert "## Active packs" in explain.stdout and "`house`" in explain.stdout and "`countries`" in explain.stdout


def test_broken_pack_is_a_one_line_configuration_error(tmp_path):
    write(tmp_path / "house.toml", '[entities."Kyiv"]\nvariants = ["Kiev"]\n\n[entities."Kyiv City"]\nvariants = ["Kiev"]\n')
    write(tmp_path / "newslint.toml", 'packs = ["house.toml"]\n')
    write(tmp_path / "a.txt", "Mayor visits\n\nThe mayor of Kiev arrived on Monday.\n")
    proc = run_newslint("check", "--no-color", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "house.toml:5:" in lines[0] and "'Kiev'" in lines[0]
    assert "Traceback" not in proc.stderr and "NL000" not in proc.stdout
