"""The built wheel holds every package folder: the editable install would hide a missing one."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def folders_with_code() -> set[str]:
    """Dotted names of the folders that hold Python files, under each mapped top-level folder."""
    found = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        top = ROOT / folder
        for path in [top, *(p for p in top.rglob("*") if p.is_dir())]:
            if "__pycache__" in path.parts or not any(path.glob("*.py")):
                continue
            found.add(".".join([package, *path.relative_to(top).parts]))
    return found


def test_every_folder_with_python_code_is_a_listed_package():
    missing = folders_with_code() - set(SETUPTOOLS["packages"])
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def folder_of(package: str) -> Path:
    """Where a dotted package lives, by the longest mapped prefix of its name."""
    mapped = SETUPTOOLS["package-dir"]
    top = max(
        (name for name in mapped if package == name or package.startswith(name + ".")), key=len
    )
    rest = [part for part in package[len(top) :].split(".") if part]
    return ROOT / mapped[top] / Path(*rest) if rest else ROOT / mapped[top]


def test_every_listed_package_is_a_folder_of_the_repository():
    for package in SETUPTOOLS["packages"]:
        assert folder_of(package).is_dir(), package


def test_every_python_folder_has_its_init():
    """A folder of modules without __init__.py is a namespace package that tools overlook."""
    for package in folders_with_code():
        assert (folder_of(package) / "__init__.py").exists(), package


def test_data_files_of_the_packages_are_declared():
    data = SETUPTOOLS["package-data"]
    assert "*.toml" in data["xinyong.credit.data"]
    assert (ROOT / "credit" / "data" / "catalog.toml").exists()
    assert "script.py.mako" in data["xinyong.credit.migrations"]
