"""The shape of the code: imports flow ui → repo → model → kernel, never back.

Each feature package (catalog, routines, runs, journal, insights, settings) keeps its layers in
files named for them. Streamlit is imported only by the ui layer (and the tools), the kernel
by everyone and nothing but itself, and the product never imports the tools.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLANNER = Path(__file__).resolve().parents[1] / "planner"
KERNEL, MODEL, REPO, UI, TOOLS = 0, 1, 2, 3, 4
NAMES = {KERNEL: "kernel", MODEL: "model", REPO: "repo", UI: "ui", TOOLS: "tools"}
MODEL_FILES = {"model.py", "timer.py", "draft.py", "stats.py", "charts.py", "diagram.py",
               "ics.py"}
REPO_FILES = {"repo.py", "frames.py", "sample.py", "store.py",
              "__main__.py"}  # a command opens the database as a repository does


def layer(path: Path) -> int:
    relative = path.relative_to(PLANNER)
    top = relative.parts[0]
    if top == "kernel":
        return KERNEL
    if top == "tools":
        return TOOLS
    if top == "ui" or path.name.endswith("ui.py") or "countdown" in relative.parts:
        return UI
    if path.name in MODEL_FILES or path.name == "__init__.py":
        return MODEL
    if path.name in REPO_FILES:
        return REPO
    raise AssertionError(f"{relative}: name it for its layer (model, repo or *ui)")


def module_path(name: str) -> Path | None:
    """The file of a ``planner...`` module, or None for anything else."""
    if name != "planner" and not name.startswith("planner."):
        return None
    base = PLANNER.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # "from planner.runs import controls_ui" imports a module too
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


SOURCES = sorted(PLANNER.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLANNER)))
def test_imports_only_flow_down(path):
    own = layer(path)
    wrong = []
    for name in imports(path):
        target = module_path(name)
        if target is None or target == path:
            continue
        if layer(target) > own:
            wrong.append(f"{name} ({NAMES[layer(target)]})")
    assert wrong == [], f"a {NAMES[own]} module may not import these"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLANNER)))
def test_streamlit_only_in_the_ui(path):
    uses_streamlit = any(n == "streamlit" or n.startswith("streamlit.") for n in imports(path))
    assert not uses_streamlit or layer(path) in (UI, TOOLS)


def test_the_kernel_imports_no_feature():
    for path in (PLANNER / "kernel").rglob("*.py"):
        for name in imports(path):
            assert not name.startswith("planner.") or name.startswith("planner.kernel"), (
                path, name)
