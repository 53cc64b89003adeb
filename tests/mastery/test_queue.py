"""The validator queue: oldest first, filters with counts, ages, and a fixed number of queries."""
import re

from tracker.competencies.models import Competency, Framework
from tracker.extensions import db
from tracker.mastery.queue import QueueFilters, open_queue


def _learner_order(text):
    return re.findall(r'<th scope="row" data-label="Learner">([^<]+)</th>', text)


def build_queue(vw, make):
    """Four open requests over two sections, two frameworks and three requesters, one decided."""
    ela = Framework(title="Grade 6 ELA", scale=vw.scale, status="published")
    reading = Competency(framework=ela, code="E.6.1", statement="Cite textual evidence")
    db.session.add_all([ela, reading])
    other_teacher = make.user("teacher", name="Linh Teacher")
    section_b = make.section(teachers=[other_teacher], name="Studio 6B")
    ben = make.learner(section_b, given_name="Ben", family_name="B")
    cara = make.learner(vw.section, given_name="Cara", family_name="C")
    vw.add_request(days_ago=2)  # Maya, math, by Ana
    vw.add_request(ben, reading, requested_by=other_teacher, section=section_b, days_ago=9)
    vw.add_request(cara, reading, days_ago=5)
    vw.add_request(ben, vw.competency, requested_by=other_teacher, section=section_b, days_ago=1)
    student = make.user("student")
    dan = make.learner(vw.section, user=student, given_name="Dan", family_name="D")
    vw.add_request(dan, vw.competency, requested_by=student, by_learner=True, days_ago=3)
    vw.add_request(cara, vw.competency, days_ago=30, status="decided")
    db.session.commit()
    return {"ela": ela, "section_b": section_b, "other_teacher": other_teacher}


def test_queue_lists_open_requests_oldest_first_with_ages(client, auth, vw, make):
    build_queue(vw, make)
    auth.as_user(vw.validator)

    page = client.get("/validation")

    assert page.status_code == 200
    assert _learner_order(page.text) == ["Ben B", "Cara C", "Dan D", "Maya Student", "Ben B"]
    assert "5 requests are waiting for a decision." in page.text
    assert "9 days" in page.text and "1 day<" in page.text
    assert "The learner (asked)" in page.text


def test_a_row_below_the_frameworks_minimum_evidence_says_so_instead_of_a_bare_dash(client, auth, vw, make):
    """Maya's math has scored evidence but fewer pieces than the framework asks before a level shows; Ben's
    reading has none: the first says "not enough evidence yet", the second shows no estimate."""
    build_queue(vw, make)
    vw.framework.min_evidence = 50
    db.session.commit()
    auth.as_user(vw.validator)
    cells = re.findall(r'<td class="num" data-label="Estimate">(.*?)</td>', client.get("/validation").text)
    dash, too_little = '<span class="muted">—</span>', '<span class="muted">not enough evidence yet</span>'
    assert cells == [dash, dash, dash, too_little, dash], cells  # Ben, Cara, Dan (no evidence), Maya, Ben
    vw.framework.min_evidence = 1
    db.session.commit()
    cells = re.findall(r'<td class="num" data-label="Estimate">(.*?)</td>', client.get("/validation").text)
    assert cells == [dash, dash, dash, "3.0", dash], cells


def test_queue_filters_and_counts(app, vw, make):
    objects = build_queue(vw, make)

    everything = open_queue(QueueFilters(), per_page=25)
    assert everything.total_open == everything.matching == 5
    assert [(f.label, f.count) for f in everything.facets["framework"]] == [("Grade 6 ELA", 2),
                                                                            ("Grade 6 Math", 3)]
    assert [(f.label, f.count) for f in everything.facets["section"]] == [("Math 6 – Studio 6A", 3),
                                                                          ("Math 6 – Studio 6B", 2)]
    assert [(f.label, f.count) for f in everything.facets["requested_by"]] == [
        ("Ana Teacher", 2), ("Linh Teacher", 2), ("Learner", 1)]

    by_section = open_queue(QueueFilters(section_id=objects["section_b"].id), per_page=25)
    assert by_section.matching == 2 and by_section.total_open == 5
    assert {row.learner.given_name for row in by_section.rows} == {"Ben"}
    # The other filters count within the chosen section; the section filter still counts them all.
    assert [(f.label, f.count) for f in by_section.facets["framework"]] == [("Grade 6 ELA", 1),
                                                                            ("Grade 6 Math", 1)]
    assert sum(f.count for f in by_section.facets["section"]) == 5

    by_framework = open_queue(QueueFilters(framework_id=objects["ela"].id), per_page=25)
    assert [row.competency.code for row in by_framework.rows] == ["E.6.1", "E.6.1"]

    by_teacher = open_queue(QueueFilters(requested_by=str(vw.teacher.id)), per_page=25)
    assert [row.learner.given_name for row in by_teacher.rows] == ["Cara", "Maya"]

    by_learners = open_queue(QueueFilters(requested_by="learner"), per_page=25)
    assert [row.learner.given_name for row in by_learners.rows] == ["Dan"]

    combined = open_queue(QueueFilters(section_id=vw.section.id, framework_id=vw.framework.id,
                                       requested_by=str(vw.teacher.id)), per_page=25)
    assert [row.learner.given_name for row in combined.rows] == ["Maya"]
    assert combined.rows[0].estimate == 3.0 and combined.rows[0].age_days == 2


def test_queue_filters_from_the_query_string(client, auth, vw, make):
    objects = build_queue(vw, make)
    auth.as_user(vw.validator)

    page = client.get(f"/validation?section_id={objects['section_b'].id}&framework_id=&requested_by=nonsense")

    assert _learner_order(page.text) == ["Ben B", "Ben B"]
    assert "2 match the filters." in page.text
    assert "Grade 6 ELA (1)" in page.text


def test_queue_paginates(app, vw, make):
    build_queue(vw, make)

    first = open_queue(QueueFilters(page=1), per_page=2)
    last = open_queue(QueueFilters(page=99), per_page=2)

    assert first.pages == 3 and first.has_next and not first.has_prev
    assert last.page == 3 and len(last.rows) == 1


def test_queue_query_count_does_not_grow(auth, vw, statements_at_two_sizes):
    from tracker.rosters.models import Learner

    def add_requests(n):
        learners = [Learner(school_id=vw.section.school_id, given_name=f"L{i}", family_name="Q")
                    for i in range(n)]
        db.session.add_all(learners)
        db.session.flush()
        for i, learner in enumerate(learners):
            vw.add_request(learner, vw.competency if i % 2 else vw.competency_two, days_ago=i % 20)
            vw.add_evidence(learner, level=1 + i % 4)
        db.session.commit()

    auth.as_user(vw.validator)
    small, large = statements_at_two_sizes("/validation", add_requests, 3, 60)
    assert small == large
    assert large <= 12
