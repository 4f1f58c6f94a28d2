"""The package as a fresh machine gets it: every module imports, every import is declared, the
layers hold, the README lists every module, the library reads no environment variable."""
from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import tomllib

import qujat

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "qujat"
#: Alembic's env.py runs only inside a migration (it needs Alembic's context).
NOT_IMPORTABLE_ALONE = {"qujat.registry.migrations.env"}


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


@pytest.mark.parametrize("module", [m for m in _modules() if m not in NOT_IMPORTABLE_ALONE])
def test_every_module_imports(module):
    importlib.import_module(module)


def test_every_public_name_resolves():
    missing = [name for name in qujat.__all__ if getattr(qujat, name, None) is None]
    assert missing == []
    assert sorted(dir(qujat)) == sorted(qujat.__all__)


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
            for spec in project["dependencies"]}


def test_every_third_party_import_is_a_declared_dependency():
    """An import of a package that pyproject.toml does not declare works only on a machine where
    somebody installed it by hand: on a fresh one every user of that module fails."""
    distributions = packages_distributions()
    imported: dict[str, set[str]] = {}
    for path, tree in _trees():
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top != "qujat" and top not in sys.stdlib_module_names:
                    imported.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    declared = _declared()
    undeclared = {top: sorted(files) for top, files in imported.items()
                  if not {d.lower().replace("_", "-") for d in distributions.get(top, [top])} & declared}
    assert undeclared == {}, f"imported but not in pyproject.toml's dependencies: {undeclared}"


def test_no_module_imports_the_package_root():
    """The root is the public face, importing everything lazily; a module that imports it
    imports upwards (the version lives in qujat.version)."""
    offenders = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            submodules = isinstance(node, ast.ImportFrom) and all(
                (PACKAGE / f"{a.name}.py").is_file() or (PACKAGE / a.name).is_dir() for a in node.names)
            if (isinstance(node, ast.ImportFrom) and node.module == "qujat" and node.level == 0 and not submodules) or (
                    isinstance(node, ast.Import) and any(a.name == "qujat" for a in node.names)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


#: Library functions that import inside, for start-up time, and what for: opening a registry loads
#: SQLAlchemy (about a third of a 1,000-page script's start-up), which a script printing drafts or
#: through its own issuing never needs. Downward imports only, which import-linter checks as well.
IMPORTS_INSIDE = {("tasks/award_certificates.py", "issuing_for")}


def test_only_the_command_line_imports_inside_functions():
    """Imports of qujat's own modules sit at the top of each module (a cycle cannot hide in a
    function); the command line alone imports inside its commands, for start-up time, and the
    library where :data:`IMPORTS_INSIDE` names it."""
    hidden = []
    for path, tree in _trees():
        if path.parent.name == "cli":
            continue
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            if (f"{path.parent.name}/{path.name}", function.name) in IMPORTS_INSIDE:
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("qujat")):
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []


def test_the_library_reads_no_environment_variable():
    """QUJAT_* variables are the command's; scripts pass Settings, a registry, a key."""
    readers = []
    for path, tree in _trees():
        if path.parent.name == "cli":
            continue
        for node in ast.walk(tree):
            reads = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                     and ast.unparse(node.func) in ("os.environ.get", "os.getenv", "environ.get"))
            reads |= isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ"
            if reads:
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []


def test_a_library_call_ignores_the_environment(monkeypatch):
    monkeypatch.setenv("QUJAT_MAX_YAML_BYTES", "100")
    record = qujat.load_record(ROOT / "records" / "2018-07-04-almaty-south-cluster.yaml")
    assert record.language == "ru"


def _layout_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Every module, by folder"):]
    return section.split("```")[1].splitlines()


def test_the_readme_layout_names_every_module():
    sections: dict[str, str] = {}
    current = ""
    for line in _layout_block():
        match = re.match(r"^  (\S+/)", line)
        if match:
            current = match.group(1)
        elif re.match(r"^  \S", line):
            current = ""
        sections[current] = sections.get(current, "") + " " + line
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        top = f"{relative.parts[0]}/" if len(relative.parts) > 1 else ""
        if not re.search(rf"(?<![\w.]){re.escape(path.name)}(?!\w)", sections.get(top, "")):
            missing.append(str(relative))
    assert missing == []


def test_the_layers_contract_is_kept():
    """import-linter's `layers` contract of pyproject.toml (CI runs it too)."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail(f"lint-imports is not installed beside {sys.executable}: pip install -e '.[lint]'")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]


def test_the_package_is_typed_for_scripts():
    assert (PACKAGE / "py.typed").is_file()
