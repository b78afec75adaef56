"""Imports point down only: services never see Reflex or Starlette; pages never see the database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "portal_app"

RULES = {
    "services": (
        "reflex",
        "reflex_base",
        "starlette",
        "portal_app.state",
        "portal_app.api",
        "portal_app.pages",
        "portal_app.components",
    ),
    "models": ("reflex", "starlette", "portal_app.services", "portal_app.state"),
    "pages": (
        "portal_app.models",
        "portal_app.db",
        "sqlmodel",
        "sqlalchemy",
        "portal_app.services",
    ),
    "components": (
        "portal_app.models",
        "portal_app.db",
        "sqlmodel",
        "sqlalchemy",
        "portal_app.services",
    ),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(layer: str) -> list[str]:
    forbidden = RULES[layer]
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_only_downwards(layer: str) -> None:
    assert violations(layer) == []


def test_the_rule_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import reflex as rx\nfrom starlette.requests import Request\n")
    assert imported_modules(bad) == {"reflex", "starlette.requests"}
