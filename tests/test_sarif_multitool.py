"""SARIF checked by Microsoft's SARIF Multitool (``validate --rule-kind "Sarif;Gh"``: the SARIF
specification's rules and GitHub code scanning's), for files under the working directory and
outside it.

The Multitool is the npm package ``@microsoft/sarif-multitool``, which ships a self-contained binary:
``.ci/run`` installs it into ``.ci/node``, and this test does the same when it is missing there and
npm is at hand (the npm registry is reachable from CI); without npm it skips, except under CI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, REPEATING_ARTICLE
from test_paths import ARCHIVED, RECYCLING

pytestmark = pytest.mark.integration

PREFIX = PROJECT_ROOT / ".ci" / "node"
PACKAGE = "@microsoft/sarif-multitool"


def _binary() -> Path | None:
    # the platform's binary itself: the package's node wrapper hands its arguments to a shell
    # unquoted, which splits "Sarif;Gh"
    found = sorted((PREFIX / "node_modules" / "@microsoft").glob("sarif-multitool-*/Sarif.Multitool*"))
    return found[0] if found else None


def multitool() -> Path:
    """The Multitool's binary, installed with npm into ``.ci/node`` if it is not there yet."""
    if _binary() is None:
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is needed to install the SARIF Multitool in CI")
            pytest.skip("npm is not installed, so the SARIF Multitool cannot be")
        proc = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(PREFIX),
                               PACKAGE], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    binary = _binary()
    assert binary is not None, f"npm installed {PACKAGE} without a binary for this platform"
    # the package's install script makes it executable; npm may not have run the script
    binary.chmod(binary.stat().st_mode | 0o100)
    return binary


def validate(*logs: Path) -> list[str]:
    """The Multitool's errors about ``logs`` (an empty list when they pass)."""
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
    proc = subprocess.run([str(multitool()), "validate", "--rule-kind", "Sarif;Gh", *map(str, logs)],
                          capture_output=True, text=True, env=env, timeout=300)
    output = proc.stdout + proc.stderr
    assert "Analysis completed successfully" in output, output
    errors = [line for line in output.splitlines() if re.search(r": error [A-Z]+\d+", line)]
    assert (proc.returncode == 0) == (not errors), output
    return errors


def test_sarif_passes_the_multitool_for_relative_and_absolute_inputs(run_cli, tmp_path):
    desk = tmp_path / "desk"
    (desk / "archive").mkdir(parents=True)
    (desk / "archive" / "2023-harbour.md").write_text(ARCHIVED, encoding="utf-8")
    (desk / "stories").mkdir()
    (desk / "stories" / "slipway.md").write_text(RECYCLING, encoding="utf-8")
    (desk / "stories" / "ferry news.md").write_text(REPEATING_ARTICLE.replace("pier", "Joined Kingdom pier"),
                                                    encoding="utf-8")
    (desk / "stories" / "broken.md").write_bytes(b"\xff\xfe not text")
    (desk / "newslint.toml").write_text('exclude = ["archive/"]\narchive = ["archive/"]\n', encoding="utf-8")

    relative = run_cli("check", "--format", "sarif", "-o", str(tmp_path / "relative.sarif"), ".", cwd=desk)
    assert relative.returncode == 2, relative.stderr  # the unreadable file: a notification in the log
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    absolute = run_cli("check", "--config", str(desk / "newslint.toml"), "--format", "sarif",
                       "-o", str(tmp_path / "absolute.sarif"), str(desk / "stories"), cwd=outside)
    assert absolute.returncode == 2, absolute.stderr

    logs = {name: json.loads((tmp_path / f"{name}.sarif").read_text(encoding="utf-8")) for name in ("relative", "absolute")}
    results = {name: log["runs"][0]["results"] for name, log in logs.items()}
    # what the logs must show for the test to mean anything: related locations, fixes, both kinds of URI
    for name, found in results.items():
        assert any(r.get("relatedLocations") for r in found) and any(r.get("fixes") for r in found), name
        # every finding about text has its fingerprint (a file that cannot be read has no text)
        assert all("partialFingerprints" in r for r in found if r["ruleId"] != "NL002"), name
    uris = {name: {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in found}
            for name, found in results.items()}
    assert "stories/ferry%20news.md" in uris["relative"] and all(not u.startswith("file:") for u in uris["relative"])
    assert all(u.startswith("file:///") for u in uris["absolute"]), uris["absolute"]

    assert validate(tmp_path / "relative.sarif", tmp_path / "absolute.sarif") == []
