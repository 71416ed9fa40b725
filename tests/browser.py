"""Headless Chromium for the HTML report's tests, driven by Playwright.

Chromium is Debian's package (``/usr/bin/chromium``); when it is missing and this process may
install packages (root with apt-get, as in CI), it is installed here. Playwright is used only as a
driver: it never downloads a browser of its own. axe-core, the accessibility checker, comes from
the npm registry into a temporary folder. Whatever cannot be had is a skip that says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The path of Debian's Chromium, installed first if it is missing and can be installed."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("Chromium is not installed, and this user cannot install it (apt-get install chromium as root)")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        proc = subprocess.run(command, capture_output=True, text=True, timeout=900,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if proc.returncode != 0:
            pytest.skip(f"Chromium could not be installed: {' '.join(command)} failed: {proc.stderr[-300:]}")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("apt-get installed chromium but no chromium command was found")
    return found


def launch(playwright, profile: Path):
    """A fresh headless Chromium (its own empty profile) and a page in it."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS,
        viewport={"width": 1280, "height": 900})
    return context


def axe_script(folder: Path) -> Path:
    """axe-core's script, installed from the npm registry into ``folder``."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: axe-core, the accessibility checker, comes from the npm registry")
    proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder),
                           "axe-core@4"], capture_output=True, text=True, timeout=600)
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if proc.returncode != 0 or not script.exists():
        pytest.skip(f"axe-core could not be installed from the npm registry: {proc.stderr[-300:]}")
    return script
