"""``python -m newslint`` in a source tree that was never installed: one plain line saying to install.

The built-in rules live in rules/ and become ``newslint.rules`` only when newslint is installed, so
a fresh clone cannot run. The test copies the source tree and runs it with ``-S`` (no site-packages
processing, hence no editable install of this checkout) and a ``PYTHONPATH`` of the copy and the
folders that hold newslint's dependencies, the way a clone sits next to an environment that has the
dependencies but not newslint.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPENDENCIES = ("pluggy", "rapidfuzz", "markdown_it", "yaml")


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the source tree, and the environment under which it is importable but not installed."""
    target = tmp_path_factory.mktemp("clone") / "newslint"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".git", ".newslint_cache")
    for part in ("newslint", "rules"):
        shutil.copytree(ROOT / part, target / part, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    folders = []
    for name in DEPENDENCIES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin, f"{name} is not installed"
        folder = str(Path(spec.origin).resolve().parents[1 if spec.submodule_search_locations else 0])
        if folder not in folders:
            folders.append(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NEWSLINT_"))}
    env.update(PYTHONPATH=os.pathsep.join([str(target), *folders]), PYTHONNOUSERSITE="1", NO_COLOR="1",
               PYTHONIOENCODING="utf-8")
    (target / "story.md").write_text("# Ferry\n\nThe ferry runs again on Monday.\n", encoding="utf-8")
    return target, env


def _python(clone, *args):
    folder, env = clone
    return subprocess.run([sys.executable, "-S", *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=60)


def test_the_copy_is_what_is_imported_and_its_rules_are_not_importable(clone):
    folder, _ = clone
    found = _python(clone, "-c", "import newslint, pluggy; print(newslint.__file__)")
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).resolve() == (folder / "newslint" / "__init__.py").resolve()
    rules = _python(clone, "-c", "import newslint.rules")
    assert "ModuleNotFoundError: No module named 'newslint.rules'" in rules.stderr


@pytest.mark.parametrize("command", [["check", "story.md"], ["rules"], ["explain", "NL101"], ["check", "--help"]])
def test_an_uninstalled_tree_says_to_install_in_one_line(clone, command):
    proc = _python(clone, "-m", "newslint", *command)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "newslint: error: newslint is not installed, so its built-in rules (the rules/ folder, installed as "
        "newslint.rules) cannot be found: run `pip install -e .` in the source folder first"]
