"""Markup saved anywhere is shown as text everywhere.

Every free-text column of the access world (names, titles, statements, feedback, notes, file
names, ...) is given "<script>alert(1)</script>" and an attribute-breaking "\"><img ...>",
as an import or an old version of the app might have saved them. Then every page is opened
as every role: no server error, and no page contains the markup unescaped.
"""
from sqlalchemy import String, Text, update

from tracker.extensions import db

from ..conftest import session_id_for
from .payloads import IMAGE, RAW_MARKERS, SCRIPT
from .world import rich_world, url_for_rule

# (table, column) holding free text that people type or imports bring in.
FREE_TEXT = {
    "proficiency_scale": ["name", "description"],
    "school": ["name", "contact_phone"],
    "user": ["name", "phone"],
    "api_token": ["name"],
    "artifact": ["original_name"],
    "framework": ["title", "subject", "version", "source", "description"],
    "learner": ["given_name", "family_name", "preferred_name", "student_number", "grade_level"],
    "roster_import": ["source_name", "message"],
    "scale_level": ["label", "descriptor"],
    "term": ["name"],
    "competency": ["code", "statement", "student_statement", "item_type"],
    "equity_attributes": ["gender", "race_ethnicity"],
    "guardian_link": ["relationship_label"],
    "import_job": ["filename", "error"],
    "progression": ["title", "description"],
    "section": ["course_title", "name"],
    "calibration_session": ["title", "instructions"],
    "evidence": ["feedback", "reflection"],
    "evidence_version": ["feedback"],
    "placement": ["reason"],
    "support_flag": ["reason"],
    "validation_request": ["note"],
    "intervention": ["provider", "plan", "outcome"],
    "mastery_decision": ["rationale", "supersede_reason"],
    "xapi_statement": ["reason"],
    "calibration_score": ["note"],
}
ROLES = ("admin", "teacher", "validator", "student", "guardian")


def _mark_every_text_column():
    """Give every free-text column markup, cut to the column's length (the markers survive from 16)."""
    tables = {table.name: table for table in db.metadata.sorted_tables}
    marked = 0
    for name, columns in FREE_TEXT.items():
        table = tables.get(name)
        if table is None:
            continue
        values = {}
        for column_name in columns:
            column = table.columns.get(column_name)
            if column is None or not isinstance(column.type, (String, Text)):
                continue
            length = getattr(column.type, "length", None) or 10_000
            values[column_name] = f"{SCRIPT}{IMAGE}"[:length] if length < 80 else f"A {SCRIPT} B {IMAGE} C"
        if values:
            marked += db.session.execute(update(table).values(**values)).rowcount
    db.session.commit()
    return marked


def _pages(app, world):
    extra = [f"/sections/{world.section_own.id}/grid?competency_id={world.extra['competency'].id}",
             f"/learners/{world.learner_own.id}/evidence/new?competency_id={world.extra['competency'].id}"]
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static" and not rule.rule.startswith(("/api/", "/xapi/")):
            yield url_for_rule(rule, world)
    yield from extra


def test_saved_markup_is_escaped_on_every_page_for_every_role(app, make):
    world = rich_world(make)
    assert _mark_every_text_column() > 40
    problems = []
    shown_escaped = 0  # pages that show the saved markup, as text
    pages = sorted(set(_pages(app, world)))
    for role in ROLES:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id_for(world.users[role])
        for url in pages:
            try:
                response = client.get(url)
            except Exception as error:  # noqa: BLE001  (the test app lets a view's exception through)
                problems.append(f"{role} GET {url}: {type(error).__name__}: {error}")
                continue
            if response.status_code >= 500:
                problems.append(f"{role} GET {url}: {response.status_code}")
            if "html" in (response.content_type or ""):
                html = response.get_data(as_text=True)
                raw = [marker for marker in RAW_MARKERS if marker in html]
                shown_escaped += "&lt;script&gt;alert(1)" in html
                if raw:
                    at = html.find(raw[0])
                    problems.append(f"{role} GET {url}: unescaped {raw}: …{html[max(0, at - 120):at + 60]}…")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:15])
    assert shown_escaped > 100, shown_escaped  # the markup really was on the pages
