"""The audit log names its actions in words, in the reader's language (issue 20), with the code kept
beside them for searching and in the filter's values and the CSV."""
import re

from tracker.audit import service as audit
from tracker.audit.action_words import ACTION_WORDS
from tracker.extensions import db


def test_the_log_shows_actions_in_words_in_the_readers_language(client, auth, make):
    admin = make.admin(locale="es")
    framework = make.framework(title="Grade 6 math")
    audit.record(admin, "framework.update", framework)
    audit.record(admin, "something.new", framework)
    db.session.commit()
    auth.as_user(admin)
    page = client.get("/audit").get_data(as_text=True)
    assert "Marco modificado" in page and '<span class="muted small block"><code>framework.update</code></span>' in page
    assert re.search(r'<option value="framework.update">Marco modificado</option>', page)
    assert "something.new" in page  # an action without words yet shows its code


def test_every_action_the_code_records_has_words():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "tracker"
    recorded = set()
    for path in root.rglob("*.py"):
        recorded.update(re.findall(r'audit\.record\(\s*[^,]+,\s*"([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert recorded and not recorded - set(ACTION_WORDS), sorted(recorded - set(ACTION_WORDS))
