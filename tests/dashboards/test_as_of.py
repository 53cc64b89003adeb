"""A learner page "as of" a past day (issue 19): a conference in March looks at where the learner stood in
January. Only what was recorded by the end of that day counts: decisions (append-only), placements, open
requests, evidence (and its deletions), support, teachers' levels and credits."""
import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.grading.models import Credit, CreditCompetency
from tracker.mastery.models import MasteryDecision, ValidationRequest
from tracker.progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from tracker.supports.models import Intervention
from tracker.timeutil import today, utcnow


def at(days_ago: int, hour: int = 12) -> datetime:
    return datetime.combine(today() - timedelta(days=days_ago), time(hour))


def day(days_ago: int):
    return today() - timedelta(days=days_ago)


@pytest.fixture
def story(make):
    """Three steps A → B → C. Placed 60 days ago; A mastered 40 days ago; work and feedback on B 30 days
    ago; support from 28 to 20 days ago; B mastered 10 days ago; work on C last week; C asked 3 days ago."""
    framework = make.framework(title="Science 7")
    a, b, c = (make.competency(framework, code=code, student_statement=f"I can {code}.") for code in "ABC")
    progression = Progression(framework=framework, title="Science path", weeks_per_step=2)
    progression.steps = [ProgressionStep(competency=x, position=n) for n, x in enumerate((a, b, c), 1)]
    db.session.add(progression)
    db.session.add_all([Prerequisite(competency=b, prerequisite=a), Prerequisite(competency=c, prerequisite=b)])
    learner = make.learner(given_name="Ana")
    db.session.add(Placement(learner_id=learner.id, progression=progression, start_position=1, placed_on=day(60),
                             created_at=at(60)))
    teacher = make.user("teacher", name="Ms Teacher")
    make.evidence(learner, a, 3, day(42), created_at=at(42), recorded_by_id=teacher.id)
    make.decision(learner, a, requested_days_ago=41, decided_days_ago=40)
    make.evidence(learner, b, 2, day(30), created_at=at(30), feedback="Feedback a month ago", recorded_by_id=teacher.id)
    gone = make.evidence(learner, b, 1, day(29), created_at=at(29), feedback="Deleted later",
                         recorded_by_id=teacher.id)
    gone.deleted_at = at(15)
    db.session.add(Intervention(learner_id=learner.id, kind="small_group", provider="Mr Support",
                                plan="Tuesdays", starts_on=day(28), status="closed", opened_at=at(28),
                                closed_at=at(20)))
    make.evidence(learner, b, 3, day(12), created_at=at(12), recorded_by_id=teacher.id)
    make.decision(learner, b, requested_days_ago=11, decided_days_ago=10)
    make.evidence(learner, c, 3, day(5), created_at=at(5), feedback="Feedback last week", recorded_by_id=teacher.id)
    db.session.add(ValidationRequest(learner_id=learner.id, competency_id=c.id, status="open", requested_at=at(3)))
    credit = Credit(title="Science credit", rule="all")
    credit.parts = [CreditCompetency(competency_id=a.id, position=0), CreditCompetency(competency_id=b.id, position=1)]
    db.session.add(credit)
    db.session.commit()
    return learner


def _stats(page: str) -> dict:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>(\d+)", page))


def test_the_progress_page_as_of_a_past_day_counts_only_what_was_recorded_by_then(client, admin, story):
    now = client.get(f"/learners/{story.id}/progress").get_data(as_text=True)
    assert _stats(now)["Mastered"] == "2" and _stats(now)["Waiting for a validator"] == "1"
    assert "Feedback last week" in now and "Mr Support" not in now  # the support closed 20 days ago
    assert "Earned on" in now  # the credit (A and B) is earned today

    then = client.get(f"/learners/{story.id}/progress?as_of={day(25).isoformat()}").get_data(as_text=True)
    assert "Where Ana stood at the end of" in then and 'value="' + day(25).isoformat() + '"' in then
    assert _stats(then)["Mastered"] == "1" and _stats(then)["Waiting for a validator"] == "0"
    assert _stats(then)["In progress"] == "1"  # B had evidence by then
    assert "Feedback a month ago" in then and "Deleted later" in then  # deleted 15 days ago: there then
    assert "Feedback last week" not in then
    assert "Mr Support" in then  # in place then
    assert "Earned on" not in then and "Science credit" in then

    before = client.get(f"/learners/{story.id}/progress?as_of={day(50).isoformat()}").get_data(as_text=True)
    assert _stats(before)["Mastered"] == "0" and "No written feedback yet." in before

    placed = client.get(f"/learners/{story.id}/progress?as_of={day(70).isoformat()}").get_data(as_text=True)
    assert "is not placed on a progression yet" in placed  # the placement was made 60 days ago


def test_the_deleted_piece_is_gone_today(client, admin, story):
    assert "Deleted later" not in client.get(f"/learners/{story.id}/progress").get_data(as_text=True)


def test_the_family_page_says_the_day_and_counts_its_steps(client, admin, story):
    page = client.get(f"/learners/{story.id}/family?as_of={day(25).isoformat()}").get_data(as_text=True)
    assert "Here is where Ana stood on" in page
    assert "Ana has mastered 1 of the 3 steps in Science path." in page
    assert "Mr Support" in page
    today_page = client.get(f"/learners/{story.id}/family").get_data(as_text=True)
    assert "Ana has mastered 2 of the 3 steps in Science path." in today_page
    assert "Here is where Ana stands today." in today_page


@pytest.mark.parametrize("value, message", [
    ("2026-02-30", "is not a date"),
    ("next tuesday", "is not a date"),
    ((today() + timedelta(days=3)).isoformat(), "has not come yet"),
])
def test_a_day_that_cannot_be_shown_is_named_and_the_page_shows_today(client, admin, story, value, message):
    response = client.get(f"/learners/{story.id}/progress", query_string={"as_of": value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and 'aria-invalid="true"' in page
    assert "Where Ana stood" not in page and _stats(page)["Mastered"] == "2"


def test_a_staff_read_of_a_past_day_is_audited_with_the_day(client, admin, story):
    client.get(f"/learners/{story.id}/progress?as_of={day(25).isoformat()}")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learner.view")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.detail["as_of"] == day(25).isoformat() and event.detail["page"] == "progress"


def test_a_decision_taken_later_does_not_reach_back(client, admin, story, make):
    """Append-only decisions: a "not yet" on A today does not change where Ana stood 25 days ago."""
    a = db.session.scalar(select(MasteryDecision).order_by(MasteryDecision.id)).competency
    make.decision(story, a, outcome="not_yet", requested_days_ago=1, decided_days_ago=0)
    db.session.commit()
    assert _stats(client.get(f"/learners/{story.id}/progress").get_data(as_text=True))["Mastered"] == "1"
    then = client.get(f"/learners/{story.id}/progress?as_of={day(25).isoformat()}").get_data(as_text=True)
    assert _stats(then)["Mastered"] == "1"


def test_the_as_of_page_reads_in_a_fixed_number_of_statements(client, admin, story, make, count_queries):
    url = f"/learners/{story.id}/progress?as_of={day(25).isoformat()}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    b = db.session.scalar(select(ProgressionStep).where(ProgressionStep.position == 2)).competency
    for offset in range(20):
        make.evidence(story, b, 2, day(40 - offset % 10), created_at=at(40 - offset % 10), feedback=f"More {offset}")
    db.session.commit()
    client.get(url)
    with count_queries() as many:
        client.get(url)
    assert many.count == few.count


def test_the_transcript_and_its_csv_as_of_a_past_day(client, admin, story):
    now = client.get(f"/learners/{story.id}/transcript").get_data(as_text=True)
    assert "2 competencies mastered." in now
    then = client.get(f"/learners/{story.id}/transcript?as_of={day(25).isoformat()}").get_data(as_text=True)
    assert "1 competency mastered." in then and "Where Ana stood at the end of" in then
    assert f"transcript.csv?as_of={day(25).isoformat()}" in then
    csv_then = client.get(f"/learners/{story.id}/transcript.csv?as_of={day(25).isoformat()}").get_data(as_text=True)
    records = [row["record"] for row in csv.DictReader(io.StringIO(csv_then.lstrip("\ufeff")))]
    assert records == ["competency"] and "Credit earned" not in csv_then
    assert "Credit earned" in client.get(f"/learners/{story.id}/transcript.csv").get_data(as_text=True)


def test_the_grades_page_as_of_a_past_day(client, admin, story):
    now = client.get(f"/learners/{story.id}/grades").get_data(as_text=True)
    assert "Earned on" in now
    then = client.get(f"/learners/{story.id}/grades?as_of={day(25).isoformat()}").get_data(as_text=True)
    assert "Where Ana stood at the end of" in then and "Earned on" not in then and "Science credit" in then


def test_an_edit_made_since_shows_the_words_and_level_of_then(client, admin, story, make):
    """Evidence keeps its versions: feedback rewritten and a level raised today are not what Ana's page
    said 25 days ago; a piece still waiting for review then does not count."""
    from tracker.evidence.models import Evidence
    from tracker.evidence.service import edit_evidence

    piece = db.session.scalar(select(Evidence).where(Evidence.feedback == "Feedback a month ago"))
    edit_evidence(admin, piece, feedback="Rewritten today", level=3)
    db.session.commit()
    now = client.get(f"/learners/{story.id}/progress").get_data(as_text=True)
    assert "Rewritten today" in now and "Feedback a month ago" not in now
    then = client.get(f"/learners/{story.id}/progress?as_of={day(25).isoformat()}").get_data(as_text=True)
    assert "Feedback a month ago" in then and "Rewritten today" not in then

    from tracker.dashboards.summaries import estimates_as_of
    from tracker.dashboards.estimate_rules import rule_for

    rule = rule_for(piece.competency.framework)
    before = estimates_as_of([story.id], [piece.competency_id], lambda _cid: rule, day(25))
    assert before[(story.id, piece.competency_id)][1] == 2  # the 2 and the 1 (deleted later), as they were
    assert rule.estimate([2, 1]) == before[(story.id, piece.competency_id)][0]


def test_the_evidence_overview_and_timeline_as_of_a_past_day(client, admin, story):
    """The evidence pages too: the pieces entered by then, with the level and words they had then (the 1
    deleted since is there; the feedback rewritten today reads as it did)."""
    from tracker.evidence.models import Evidence
    from tracker.evidence.service import edit_evidence

    piece = db.session.scalar(select(Evidence).where(Evidence.feedback == "Feedback a month ago"))
    edit_evidence(admin, piece, feedback="Rewritten today", level=3)
    db.session.commit()
    b = piece.competency_id
    then = client.get(f"/learners/{story.id}/competencies/{b}/evidence?as_of={day(25).isoformat()}").get_data(
        as_text=True)
    assert "Where Ana stood at the end of" in then and "Where things stood then:" in then
    assert "Feedback a month ago" in then and "Deleted later" in then and "Rewritten today" not in then
    assert then.count('class="timeline__item') == 2 and "Log evidence" not in then
    now = client.get(f"/learners/{story.id}/competencies/{b}/evidence").get_data(as_text=True)
    assert now.count('class="timeline__item') == 2 and "Rewritten today" in now  # the 3 of 12 days ago, edited one
    overview = client.get(f"/learners/{story.id}/evidence?as_of={day(25).isoformat()}").get_data(as_text=True)
    rows = re.findall(r'<th scope="row">.*?</tr>', overview, re.S)
    assert len(rows) == 2  # A and B had evidence then; C's came last week
    assert f"as_of={day(25).isoformat()}" in rows[0]
