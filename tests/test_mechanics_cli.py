"""NL5xx through the real command line: findings, the --fix round trip, configuration, and an
article written to look like the one newslint was started for, with one stray full stop."""

from __future__ import annotations

import json
import re

from newslint.plugins import collect_rules, get_plugin_manager

MECHANICS = sorted(code for code in collect_rules(get_plugin_manager(autoload=False)) if code.startswith("NL5"))

# One slip per rule, each on its own line, each with a fix.
SLIPS = """\
# Harbour plan approved

The harbour master said her use of the radio. gives the crews a direct line to the office.

The council voted to to rebuild the old stone pier this year.

The pier has been closed for two years.Engineers expect it to reopen in May.

“We will reopen the pier by summer, said the harbour master.

The festival (which began in 1998)) drew a record crowd to the quay.

The council met on Tuesday , and the vote was unanimous.

The mayor said the plan was,, in her words, long overdue.

The contract will  be signed on Thursday.

The firm made an bid for the contract in March.

The minister said she didn\u00e2\u20ac\u2122t know about the delay.
"""

FIXED = """\
# Harbour plan approved

The harbour master said her use of the radio gives the crews a direct line to the office.

The council voted to rebuild the old stone pier this year.

The pier has been closed for two years. Engineers expect it to reopen in May.

“We will reopen the pier by summer,” said the harbour master.

The festival (which began in 1998) drew a record crowd to the quay.

The council met on Tuesday, and the vote was unanimous.

The mayor said the plan was, in her words, long overdue.

The contract will be signed on Thursday.

The firm made a bid for the contract in March.

The minister said she didn\u2019t know about the delay.
"""

EXPECTED_LINES = {"NL501": 3, "NL502": 5, "NL503": 7, "NL504": 9, "NL505": 11, "NL506": 13, "NL507": 15,
                  "NL508": 17, "NL509": 19, "NL510": 21}

# Written for these tests: a story in the shape of a spun wire copy (headline, byline, date, one
# paragraph per line, quotations over several paragraphs, abbreviations, figures, a web address),
# with a single slip of the keyboard, on line 16.
SPUN = """\
Port Chief Offered To Step Down Amid Row Over Pier Contract

Dana Whitfield
March 3, 2021

Harbour chief Alan Pryce told the board last month that he would quit if the U.S. owners kept questioning his budget, two board members say.

The Courier was the first to hear of the offer. The owners object to the cost of the pier contract, e.g. the 4.5 per cent rise in steel prices since No. 10 signed off the plan.

"Nothing like this has happened in my time here," one board member said. "The owners want answers.

"They will get them at the meeting on Friday at 10:30," she added.

The chairwoman called the row "a storm in a teacup" and said the councillors' offices had heard nothing.

"Calling the crews on the radio every morning. keeps him in touch with every boat at sea, and it works very, very well", a spokesman for the port said.

The owners, who had had enough of the delays, publish the figures at harbour-owners.example.org for anyone to read.

Other reports by the Westport Courier
"""


def test_each_rule_reports_its_slip_through_the_cli(write_article, run_cli):
    write_article("harbour.md", SLIPS)
    proc = run_cli("check", "--isolated", "--select", "NL5", "--format", "json", "harbour.md")
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert {(f["code"], f["line"]) for f in findings} == set(EXPECTED_LINES.items())
    assert set(EXPECTED_LINES) == set(MECHANICS)
    assert all(f["fix"] is not None for f in findings)


def test_fix_corrects_every_slip_and_a_second_check_finds_nothing(write_article, run_cli, tmp_path):
    write_article("harbour.md", SLIPS)
    proc = run_cli("check", "--isolated", "--select", "NL5", "--fix", "harbour.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "harbour.md").read_text(encoding="utf-8") == FIXED
    assert len(re.findall(r"^harbour.md: .* \(NL5\d\d [a-z-]+\)$", proc.stdout, re.M)) == len(EXPECTED_LINES)
    again = run_cli("check", "--isolated", "--select", "NL5", "harbour.md")
    assert again.returncode == 0 and again.stdout == "Checked 1 file: no problems found.\n", again.stdout


def test_a_spun_story_gets_one_finding_on_its_broken_sentence(write_article, run_cli):
    write_article("port.txt", SPUN)
    proc = run_cli("check", "--isolated", "--select", "NL5", "--format", "json", "port.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # NL501 reports as information
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("NL501", 16)]
    assert "morning. keeps" in findings[0]["message"]


def test_configuration_adds_abbreviations_and_raises_the_severity(write_article, run_cli):
    text = "# Move\n\nThe firm moved from Regina, Sask. last year.\n\nIts chief said the move. saved money.\n"
    write_article("move.md", text)
    plain = run_cli("check", "--isolated", "--select", "stray-full-stop", "move.md")
    assert plain.returncode == 0 and plain.stdout.count("NL501 [info]") == 2, plain.stdout
    write_article("newslint.toml", '[rules.stray-full-stop]\nabbreviations = ["Sask"]\n\n'
                                   '[severity]\nstray-full-stop = "warning"\n')
    configured = run_cli("check", "--select", "NL501", "move.md")
    assert configured.returncode == 1, configured.stdout + configured.stderr
    assert configured.stdout.splitlines()[0].startswith("move.md:5:")
    assert "NL501 [warning]" in configured.stdout and "Sask" not in configured.stdout


def test_a_wrong_option_value_is_one_line_naming_the_file(write_article, run_cli):
    write_article("move.md", "# Move\n\nThe firm moved.\n")
    write_article("newslint.toml", '[rules.extra-space]\nplain-text = "yes"\n')
    proc = run_cli("check", "move.md")
    assert proc.returncode == 2
    assert "newslint.toml" in proc.stderr and "plain-text" in proc.stderr and "Traceback" not in proc.stderr


def test_explain_prints_a_mechanics_rule_page(run_cli):
    proc = run_cli("explain", "unbalanced-quotes")
    assert proc.returncode == 0
    for heading in ("## What it does", "## Why it matters", "## Example", "## Instead", "## Options"):
        assert heading in proc.stdout
    assert "several paragraphs" in proc.stdout
