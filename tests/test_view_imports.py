"""Views are leaves: nothing imports a view module (tracker/blueprints.py loads them by name).

A helper that two modules need lives in a module named for what it does (auth/redirects.py,
listing.py, progressions/maps.py, ...), so importing it does not drag in another area's routes."""
import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"


def _is_view_module(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return last == "views" or last.endswith("_views")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(TRACKER.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(path: Path):
    """Every module an import statement in the file names (at any depth, relative ones resolved),
    with `from package import name` counted as package.name too when that is a module."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # `from package import views`: a module, when there is such a file
                submodule = f"{module}.{alias.name}"
                if (TRACKER.parent / (submodule.replace(".", "/") + ".py")).exists():
                    yield node.lineno, submodule


def test_no_module_imports_a_view_module():
    modules = sorted(TRACKER.rglob("*.py"))
    assert sum(_is_view_module(_module_name(path)) for path in modules) > 30  # the walk finds the views
    found = []
    for path in modules:
        for line, imported in _imported_modules(path):
            if imported.startswith("tracker.") and _is_view_module(imported):
                found.append(f"{path.relative_to(TRACKER.parent)}:{line} imports {imported}")
    assert found == []


def test_the_check_sees_relative_and_nested_imports(tmp_path):
    """The walk resolves `from .views import x`, `from ..auth.views import y` and imports inside functions."""
    area = tmp_path / "tracker" / "area"
    area.mkdir(parents=True)
    sample = area / "service.py"
    (tmp_path / "tracker" / "auth").mkdir()
    (tmp_path / "tracker" / "auth" / "views.py").write_text("")
    sample.write_text("from .views import helper\n\ndef f():\n    from ..auth import views\n")
    global TRACKER
    saved, TRACKER = TRACKER, tmp_path / "tracker"
    try:
        names = [name for _line, name in _imported_modules(sample)]
    finally:
        TRACKER = saved
    assert "tracker.area.views" in names
    assert "tracker.auth.views" in names
