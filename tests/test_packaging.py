"""What pip installs is the whole of newslint: every package folder is listed in pyproject.toml,
with its data files, so a non-editable install (CI's, a newsroom's) has every module and pack."""

from __future__ import annotations

from pathlib import Path

from newslint._toml import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_name(folder: Path) -> str:
    rel = folder.relative_to(ROOT)
    parts = rel.parts
    if parts[0] == "rules":  # installed as newslint.rules (package-dir)
        return ".".join(("newslint", *parts))
    return ".".join(parts)


def test_every_package_folder_is_listed():
    listed = set(_config()["packages"])
    found = {_package_name(init.parent) for base in ("newslint", "rules") for init in (ROOT / base).rglob("__init__.py")
             if "__pycache__" not in init.parts}
    assert found, "no packages found"
    assert found - listed == set(), f"add these to [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - found == set(), f"listed but not packages: {sorted(listed - found)}"


def test_every_data_file_of_the_rules_is_packaged():
    import fnmatch

    data = _config()["package-data"]
    for folder, package in ((ROOT / "rules" / "packs", "newslint.rules"), (ROOT / "rules" / "generated", "newslint.rules.generated")):
        prefix = "packs/" if package == "newslint.rules" else ""
        for path in folder.iterdir():
            if path.suffix == ".py" or path.name == "__pycache__":
                continue
            assert any(fnmatch.fnmatch(prefix + path.name, pattern) for pattern in data[package]), \
                f"{path.relative_to(ROOT)} is not in [tool.setuptools.package-data] {package}"
