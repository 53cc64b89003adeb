"""One label per step state (tracker/standing/labels.py), used by every template and module.

"Ready to start" on one page and "Ready to work on" on the next, for the same step, is what this
guards against: no template or module writes a state's words itself.
"""
import re
from pathlib import Path

from tracker.standing.engine import MAP_STATES
from tracker.standing.labels import PLAIN_STATE_LABELS, STAFF_STATE_LABELS, state_label, state_labels

ROOT = Path(__file__).resolve().parents[2]
# Words that name a step state and nothing else ("Mastered" is also a decision's outcome,
# "Open" a calibration session's status, so those two are looked for in templates only as
# the whole of a translated string next to the other state columns: see below).
STATE_ONLY_WORDS = {"Ready to start", "Ready to work on", "Not open yet", "Started after this step",
                    "Placed past", "Waiting for a validator", "Locked"}


def test_both_vocabularies_name_every_state():
    assert set(STAFF_STATE_LABELS) == set(PLAIN_STATE_LABELS) == set(MAP_STATES)


def test_labels_are_translated(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        from flask_babel import refresh

        refresh()
        spanish = state_labels(plain=True)
        assert spanish["mastered"] != "Mastered" and spanish["open"] != "Ready to start"
        assert state_label("open", plain=True) == spanish["open"]


def test_no_template_or_module_writes_a_state_label_itself():
    literal = re.compile(r"""(?:_|_l|N_|gettext|lazy_gettext)\(\s*['"]([^'"]+)['"]""")
    stray = []
    files = list((ROOT / "templates").rglob("*.html")) + list((ROOT / "tracker").rglob("*.py"))
    for path in files:
        if path == ROOT / "tracker" / "standing" / "labels.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for text in literal.findall(line):
                if text in STATE_ONLY_WORDS:
                    stray.append(f"{path.relative_to(ROOT)}:{number}: {text!r}")
    assert not stray, "use standing.labels (state_label / state_labels):\n" + "\n".join(stray)


def test_pages_that_show_a_progressions_counts_use_the_state_labels():
    """The class view's columns are the states' own labels, not words of their own."""
    show = (ROOT / "templates" / "progressions" / "show.html").read_text()
    for state in ("mastered", "open", "locked"):
        assert f"state_label('{state}')" in show
