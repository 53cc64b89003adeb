"""One way to read an id from text (form_helpers.posted_id), and the pages that take ids in their
query strings keep working whatever is typed there."""
import ast
from pathlib import Path

import pytest

from tracker.form_helpers import MAX_ID, posted_id

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
BAD_IDS = ["", " ", "abc", "0", "-1", "+5", "1.5", "1e3", "²", "٣", "0x10", "9" * 30, str(MAX_ID + 1), "1\x00"]


@pytest.mark.parametrize("text", BAD_IDS)
def test_anything_but_a_whole_number_in_range_is_no_id(text):
    assert posted_id(text) is None


@pytest.mark.parametrize(("value", "expected"), [("1", 1), (" 42 ", 42), (7, 7), (str(MAX_ID), MAX_ID), (None, None)])
def test_whole_numbers_in_range_are_ids(value, expected):
    assert posted_id(value) == expected


def test_no_route_reads_an_id_with_type_int():
    """request.args.get(name, type=int) lets "-1" and 10**30 through: every id goes through posted_id."""
    found = []
    for path in TRACKER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and any(k.arg == "type" and isinstance(k.value, ast.Name) and k.value.id == "int"
                            for k in node.keywords)):
                found.append(f"{path.relative_to(TRACKER.parent)}:{node.lineno}")
    assert found == []


@pytest.fixture
def school(make):
    from tracker.extensions import db

    teacher = make.user("teacher", can_author_frameworks=True)
    section = make.section(teachers=[teacher])
    learner = make.learner(section=section)
    framework = make.framework(status="draft")
    make.competency(framework)
    db.session.commit()
    return teacher, section, learner, framework


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "²", "9" * 30])
def test_pages_taking_ids_in_the_query_string_answer_bad_ids_plainly(client, auth, make, school, bad):
    teacher, section, learner, framework = school
    auth.as_user(teacher)
    pages = [
        f"/sections/{section.id}/grid?competency_id={bad}",
        f"/learners/{learner.id}/evidence/new?competency_id={bad}",
        f"/frameworks/{framework.id}/competencies/new?parent_id={bad}",
        f"/progressions/new?framework={bad}",
        f"/sections/{section.id}/heatmap?framework_id={bad}&domain_id={bad}",
        f"/learners/{learner.id}/progress?progression_id={bad}",
        f"/supports/flags?section_id={bad}",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), (page, response.status_code)
    auth.as_user(make.user("admin"))
    page = f"/admin/reports?school_id={bad}&section_id={bad}&framework_id={bad}"
    assert client.get(page).status_code == 200, page
