"""STYLE.md habit 11: past about 300 lines a module wants splitting along a seam the reader can
name. This holds every application module to it (the benchmark's command line included)."""
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
MOST_LINES = 300


def test_no_module_is_longer_than_300_lines():
    long = {path.relative_to(TRACKER.parent).as_posix(): count
            for path in TRACKER.rglob("*.py") if (count := len(path.read_text().splitlines())) > MOST_LINES}
    assert not long, f"modules past {MOST_LINES} lines (split along a seam): {long}"
