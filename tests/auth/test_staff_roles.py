"""The staff roles are defined once (tracker.auth.models.STAFF_ROLES); no module writes them out again."""
import ast
from pathlib import Path

from tracker.auth import access
from tracker.auth.models import ROLES, STAFF_ROLES

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
STAFF = frozenset(STAFF_ROLES)


def _literal_strings(node):
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return frozenset(e.value for e in node.elts)
    return None


def test_staff_roles_are_written_out_only_in_auth_models():
    offenders = []
    for path in sorted(TRACKER.rglob("*.py")):
        if path == TRACKER / "auth" / "models.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            values = _literal_strings(node)
            if values == STAFF:  # a list of every role (the bench walks them all) is not the staff roles
                offenders.append(f"{path.relative_to(TRACKER)}:{node.lineno}")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "has_role":
                names = {a.value for a in node.args if isinstance(a, ast.Constant)}
                if STAFF <= names:
                    offenders.append(f"{path.relative_to(TRACKER)}:{node.lineno} has_role")
    assert offenders == [], ("ask policy.is_staff(user) (inside tracker/auth: tracker.auth.models.STAFF_ROLES): "
                             + ", ".join(offenders))


def test_staff_roles_are_the_staff_access_rules():
    assert set(STAFF_ROLES) < set(ROLES)
    assert access.RULES["staff"] == set(STAFF_ROLES) == access.STAFF
