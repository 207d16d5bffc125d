"""The shape of the code: imports flow ui → repo → model → kernel, never back.

Each feature package (catalog, routines, runs, journal, insights, settings, ...) keeps its
model and repo layers in files named for them; what draws it with Streamlit lives under
``planner/ui/``, the one place Streamlit is imported. The kernel is imported by everyone and
imports nothing but itself, and the product never imports the tools.
Models hold no SQL: they import neither SQLAlchemy nor the kernel's database and schema. The
pages and the entry script are ui: they call into the features, never into the tools or the
database directly. Relative imports and ``importlib.import_module("…")`` count as imports.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

# No database and no clock: the rerun on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

ROOT = Path(__file__).resolve().parents[1]
PLANNER = ROOT / "planner"
PAGES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "streamlit_app.py"]
KERNEL, MODEL, REPO, UI, TOOLS = 0, 1, 2, 3, 4
NAMES = {KERNEL: "kernel", MODEL: "model", REPO: "repo", UI: "ui", TOOLS: "tools"}
MODEL_FILES = {"model.py", "timer.py", "draft.py", "findings.py", "analysis.py", "charts.py",
               "diagram.py", "card.py", "row.py",
               "reading.py", "spreadsheet.py",
               "ics.py", "promise.py", "ar1.py", "document.py", "apple.py", "archive.py",
               "measures.py", "health_connect.py", "garmin.py"}
REPO_FILES = {"repo.py", "frames.py", "sample.py", "store.py",
              "__main__.py"}  # a command opens the database as a repository does


def layer(path: Path) -> int:
    relative = path.relative_to(PLANNER)
    top = relative.parts[0]
    if top == "kernel":
        return KERNEL
    if top == "tools":
        return TOOLS
    if top == "ui":
        return UI
    if path.name in MODEL_FILES or path.name == "__init__.py":
        return MODEL
    if path.name in REPO_FILES:
        return REPO
    raise AssertionError(f"{relative}: name it for its layer (model or repo), or put it under ui/")


def module_path(name: str) -> Path | None:
    """The file of a ``planner...`` module, or None for anything else."""
    if name != "planner" and not name.startswith("planner."):
        return None
    base = PLANNER.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module a ``from … import`` names, with ``from . import x`` resolved."""
    if not node.level:
        return node.module or ""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    base = package[:len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _dynamic(node: ast.AST) -> str | None:
    """The module named in ``importlib.import_module("…")`` or ``__import__("…")``."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    first = node.args[0]
    if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
        return str(first.value)
    return None


def imports(path: Path, source: str | None = None) -> set[str]:
    """Every module the file at ``path`` imports (``source``: its text, if not on disk)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            found.add(module)
            # "from planner.ui.run import controls" imports a module too
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif (named := _dynamic(node)) is not None:
            found.add(named)
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
    assert not uses_streamlit or layer(path) == UI, "Streamlit belongs under planner/ui/"


def test_the_kernel_imports_no_feature():
    for path in (PLANNER / "kernel").rglob("*.py"):
        for name in imports(path):
            assert not name.startswith("planner.") or name.startswith("planner.kernel"), (
                path, name)


NO_SQL_IN_MODELS = ("sqlalchemy", "planner.kernel.db", "planner.kernel.schema")


@pytest.mark.parametrize("path", [p for p in SOURCES if layer(p) == MODEL],
                         ids=lambda p: str(p.relative_to(PLANNER)))
def test_models_hold_no_sql(path):
    found = [name for name in imports(path)
             if any(name == banned or name.startswith(banned + ".")
                    for banned in NO_SQL_IN_MODELS)]
    assert found == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_call_into_the_features_not_the_tools_or_the_database(path):
    found = [name for name in imports(path)
             if name.split(".")[0] == "sqlalchemy" or name.startswith("planner.tools")
             or name.startswith(("planner.kernel.db", "planner.kernel.schema"))]
    assert found == []


def test_the_import_reader_sees_relative_and_dynamic_imports():
    """The checks above are only as good as this reader: it must not miss an import."""
    source = ("from . import repo\nfrom .repo import X\nfrom ..kernel import db\n"
              "import importlib\nimportlib.import_module('planner.ui.log.checkin')\n"
              "__import__('sqlalchemy')\n")
    found = imports(PLANNER / "journal" / "model.py", source)
    assert {"planner.journal.repo", "planner.kernel.db", "planner.ui.log.checkin",
            "sqlalchemy"} <= found


def test_page_paths_and_choice_keys_are_written_in_one_place():
    """A page's path is written in planner/ui/pages.py alone (the tests too name pages through
    it), and the Run page's choice keys ("saved:…", "preset:…") are built in
    planner/ui/handoff.py alone."""
    tests = [path for path in sorted((ROOT / "tests").rglob("*.py"))
             if path != Path(__file__).resolve()]
    for path in SOURCES + PAGES + tests:
        text = path.read_text()
        if path != PLANNER / "ui" / "pages.py":
            assert '"pages/' not in text and "f\"pages/" not in text, path
        if path != PLANNER / "ui" / "handoff.py":
            assert '"saved:' not in text and '"preset:' not in text, path


PAGE_PACKAGES = ("library", "plan", "run", "log", "insights", "experiment", "settings")


def _page_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if parts[:2] == ["planner", "ui"] and len(parts) > 2 \
        and parts[2] in PAGE_PACKAGES else None


def _dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


@pytest.mark.parametrize("path", [p for p in SOURCES if _page_of(_dotted(p))],
                         ids=lambda p: str(p.relative_to(PLANNER)))
def test_no_page_touches_another_pages_session_keys(path):
    """A page's keys (its CONSTANTS) are its own: another page asks planner/ui/handoff.py."""
    own = _page_of(_dotted(path))
    foreign: dict[str, str] = {}  # a name bound to another page's module
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = _absolute(path, node)
            for alias in node.names:
                target = f"{module}.{alias.name}" if module_path(f"{module}.{alias.name}") \
                    else module
                if _page_of(target) not in (None, own):
                    if alias.name.isupper():
                        found.append(f"{module}.{alias.name}")
                    else:
                        foreign[alias.asname or alias.name] = target
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id in foreign and node.attr.isupper()):
            found.append(f"{foreign[node.value.id]}.{node.attr}")
    assert found == []


# What a test marked ``same_everywhere`` could depend on that tests/conftest.py's guard can't
# see: another process (a server, a command, with the rerun's database and zone), the zone or
# the time read around planner.kernel.clock, or the environment.
_BEYOND_THE_GUARD = re.compile(
    r"\b(subprocess|running_app|serving|environ|getenv|tzname|localtime|mktime)\b"
    r"|\b(datetime|date)\.(now|today)\(|\.astimezone\(\)|\btime\.time\(")


def test_tests_the_rerun_skips_start_no_process_and_read_no_zone_around_the_clock():
    """``same_everywhere`` keeps a module out of the rerun on PostgreSQL at UTC+14 (it would
    repeat it exactly). While it runs, a marked test fails if it reads the clock or the
    server's zone or opens a database (the guard in tests/conftest.py, itself checked by the
    test below); this covers what the guard can't see."""
    marked = [path for path in (ROOT / "tests").rglob("test_*.py")
              if "pytest.mark.same_everywhere" in path.read_text()
              and path != Path(__file__).resolve()]
    assert len(marked) >= 20
    for path in marked:
        code = path.read_text().split("pytest.mark.same_everywhere", 1)[1]
        assert not _BEYOND_THE_GUARD.search(code), path.relative_to(ROOT)


@pytest.mark.same_everywhere
def test_a_test_the_rerun_skips_can_read_no_clock_no_zone_and_no_database():
    from planner.kernel import clock
    from planner.kernel.db import Database

    for looks in (clock.now, lambda: clock.today(clock.server_zone()), clock.latest_day,
                  lambda: Database("sqlite://")):
        with pytest.raises(AssertionError, match="marked same_everywhere"):
            looks()
