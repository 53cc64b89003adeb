"""No function, class, method or property that nothing in the application uses.

Code that only tests call is dead weight a newcomer has to read: it is kept in the tests (as a
helper) or removed. A name counts as used when it appears in tracker/, templates/, migrations/ or
the config files anywhere beside its own definition. Decorated functions (routes, CLI commands,
signal handlers, periodic tasks) are registered by their decorator; WTForms `validate_<field>`
methods and the hooks of the classes below are called by their framework.
"""
import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK_HOOKS = {
    "is_active", "get_id",                # flask-login's UserMixin
    "handle_starttag", "handle_endtag",   # html.parser.HTMLParser
}
# Kept on purpose, with the reason.
KEPT = {
    # The other half of proof.sign (they share the hashing): checked against the specification's
    # test vectors, and what a verifier does with the key the tracker publishes.
    "public_key_from_multibase",
}


def _definitions():
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        tree = ast.parse(path.read_text())
        nodes = list(tree.body)
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                nodes += [n for n in node.body if isinstance(n, ast.FunctionDef)]
        for node in nodes:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            decorators = [ast.unparse(d) for d in getattr(node, "decorator_list", [])]
            if any(d not in ("property", "staticmethod", "classmethod") for d in decorators):
                continue
            name = node.name
            if name.startswith("__") or name.startswith("validate_") or name in FRAMEWORK_HOOKS | KEPT:
                continue
            yield name, path, node.lineno


def test_every_definition_is_used_by_the_application():
    sources = [p.read_text() for pattern, base in (("*.py", "tracker"), ("*.html", "templates"),
                                                   ("*.html", "tracker"), ("*.py", "migrations"))
               for p in (ROOT / base).rglob(pattern)]
    sources += [(ROOT / name).read_text() for name in ("config.py", "gunicorn.conf.py")]
    words = Counter(re.findall(r"\w+", "\n".join(sources)))
    unused = [f"{path.relative_to(ROOT)}:{line} {name}" for name, path, line in _definitions()
              if words[name] <= 1]
    assert not unused, "used by nothing in the application (remove it, or keep it in tests):\n" + "\n".join(unused)
