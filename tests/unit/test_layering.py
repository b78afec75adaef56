"""Imports point down only (docs/ARCHITECTURE.md, "Layers").

models and content at the bottom; services above them (never Reflex or Starlette); state and
api above services (thin: they never query tables themselves); pages and components on top
(never the database). Relative imports count as what they name.
"""

from __future__ import annotations

import ast
from enum import EnumType
from pathlib import Path

import pytest

from portal_app import models

PACKAGE = Path(__file__).resolve().parents[2] / "portal_app"

UI = ("portal_app.pages", "portal_app.components")
WEB = ("reflex", "reflex_base", "starlette")
DATABASE = ("portal_app.models", "portal_app.db", "sqlmodel", "sqlalchemy")

# Where (a folder, or one root module) -> what it may not import.
RULES: dict[str, tuple[str, ...]] = {
    "models": (*WEB, "portal_app.services", "portal_app.state", "portal_app.api", *UI),
    "content": (*WEB, *DATABASE, "portal_app.services", "portal_app.state", "portal_app.api", *UI),
    "services": (*WEB, "portal_app.state", "portal_app.api", *UI),
    "server_rendered": (*WEB, *DATABASE, "portal_app.state", "portal_app.api", *UI),
    "state": ("starlette", "sqlalchemy", "portal_app.api", *UI),
    "api": ("portal_app.state", *UI),
    "pages": (*DATABASE, "portal_app.services", "portal_app.api"),
    "components": (*DATABASE, "portal_app.services", "portal_app.api", "portal_app.pages"),
    "settings.py": ("portal_app",),
    "safe_logging.py": ("portal_app",),
    "db.py": ("portal_app.services", "portal_app.state", "portal_app.api", *UI, *WEB),
    "cli.py": (*WEB, "portal_app.state", "portal_app.api", *UI),
    "cli_clinic.py": (*WEB, "portal_app.state", "portal_app.api", *UI),
    "cli_backup.py": (*WEB, "portal_app.state", "portal_app.api", *UI),
    "cli_doctor.py": (*WEB, "portal_app.state", "portal_app.api", *UI),
    # Starts the app server (Reflex's settings for it), touches no data.
    "cli_host.py": (*DATABASE, "portal_app.services", "portal_app.state", "portal_app.api", *UI),
    "background.py": (*WEB, "portal_app.state", "portal_app.api", *UI),
}

# States hold what a screen shows; reading and changing rows is for services. So a state may
# name the models' vocabularies (Role, VisitStatus...) and a Session (to hand to a service),
# and no table.
STATE_MAY_NAME = {
    "portal_app.models": {n for n, v in vars(models).items() if isinstance(v, EnumType)},
    "sqlmodel": {"Session"},
}


def imports_of(path: Path, root: Path = PACKAGE) -> dict[str, set[str]]:
    """Every module the file imports (relative ones resolved), with the names taken from it."""
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, set())
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.setdefault(module, set()).update(alias.name for alias in node.names)
    return found


def _files(where: str, root: Path) -> list[Path]:
    target = root / where
    return [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))


def violations(where: str, root: Path = PACKAGE) -> list[str]:
    forbidden = RULES[where]
    found = []
    for path in _files(where, root):
        shown = path.relative_to(root)
        for module, names in imports_of(path, root).items():
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{shown} imports {module}")
            if where == "state" and module in STATE_MAY_NAME:
                extra = names - STATE_MAY_NAME[module]
                if extra:
                    found.append(f"{shown} takes {sorted(extra)} from {module}")
    return found


@pytest.mark.parametrize("where", sorted(RULES))
def test_imports_point_down_only(where: str) -> None:
    assert violations(where) == []


def test_every_part_of_the_package_has_a_rule() -> None:
    """A new folder or root module gets its place in the layers when it is added."""
    assembly = {"__init__.py", "portal_app.py", "build_plugins.py"}  # the app itself, on top
    parts = {p.name for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    assert parts - assembly - set(RULES) == set()


def test_the_rule_reads_relative_and_named_imports(tmp_path: Path) -> None:
    """On a copy of the layout in a temporary folder: a probe file written into the real
    package would be seen by the other suite running side by side in `make test`."""
    root = tmp_path / "portal_app"
    (root / "state").mkdir(parents=True)
    bad = root / "state" / "probe.py"
    bad.write_text(
        "import reflex as rx\nfrom ..pages.home import page\nfrom portal_app.models import User\n"
    )
    imported = imports_of(bad, root)
    assert imported["portal_app.pages.home"] == {"page"}
    assert "reflex" in imported
    found = violations("state", root)
    assert "state/probe.py imports portal_app.pages.home" in found
    assert "state/probe.py takes ['User'] from portal_app.models" in found
