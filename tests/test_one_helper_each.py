"""The tests' shared helpers are defined once: the `admin` fixture (tests/conftest.py), a free port
and the Redis check (tests/local_services.py). A second copy in some test module drifts from the
first; this fails on one."""
import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ONE_HOME = {
    "admin": "conftest.py",
    "free_port": "local_services.py",
    "reachable_redis": "local_services.py",
}


def test_each_shared_helper_is_defined_in_one_place():
    copies = []
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        if "node_modules" in name:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                helper = node.name.lstrip("_")
                if helper in ONE_HOME and name != ONE_HOME[helper]:
                    copies.append(f"tests/{name}:{node.lineno}: {node.name}")
    assert not copies, "use the one in tests/conftest.py or tests/local_services.py:\n" + "\n".join(copies)
