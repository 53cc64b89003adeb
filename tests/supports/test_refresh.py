"""One mechanism keeps support flags current (tracker.supports.watch): every kind of change that can
move a flag queues the learners it moves, and the reader that shows flags refreshes them first, so
no flag waits for the nightly job. No writer queues learners by hand.

These use the real date, as test_triggers does: learners are placed today (in the week's grace,
so never behind pace unless a test moves the pace) and their evidence is recent (never stalled).
"""
from datetime import timedelta

from sqlalchemy import func, select

from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.progressions import authoring
from tracker.progressions import placement as placement_service
from tracker.progressions.models import Prerequisite
from tracker.settings import service as settings
from tracker.supports.models import FlagRefresh
from tracker.timeutil import today

from .conftest import as_refreshed
from .test_triggers import open_flags


def recent(days: int):
    return today() - timedelta(days=days)


def working_on_b_without_a(sw):
    """A learner placed at the first step who works on B before A is mastered: a prerequisite gap on B."""
    learner = sw.learner(placed_on=today())
    evidence_service.create_evidence(sw.teacher, learner, sw.b, observed_on=recent(2), level=2)
    assert open_flags(learner) == [("prerequisite_gap", sw.b.id)]
    return learner


def test_placing_a_learner_past_a_step_resolves_its_prerequisite_gap_at_once(sw):
    learner = working_on_b_without_a(sw)
    placement_service.place_learner(learner, sw.progression, start_position=2, reason="The diagnostic showed A.",
                                    placed_by=sw.teacher)
    db.session.commit()
    assert open_flags(learner) == []


def test_a_placement_through_the_page_clears_the_gap_on_the_supports_page(sw, client, auth):
    learner = working_on_b_without_a(sw)
    db.session.commit()
    auth.as_user(sw.teacher)
    supports_page = f"/learners/{learner.id}/supports"
    assert "Working on this step before mastering" in client.get(supports_page).get_data(as_text=True)
    response = client.post(f"/learners/{learner.id}/progressions/{sw.progression.id}/placement",
                           data={"start_position": "2", "reason": "The diagnostic showed A."})
    assert response.status_code == 302
    assert "Working on this step before mastering" not in client.get(supports_page).get_data(as_text=True)


def test_a_piece_of_evidence_written_by_any_code_queues_its_learner(sw):
    """Not only the evidence service: a row added through the session by anyone (an import, the demo)."""
    learner = sw.learner(placed_on=today())
    for days in (3, 2, 1):
        sw.evidence(learner, sw.d, 1, recent(days))
    assert open_flags(learner) == [("repeated_not_yet", sw.d.id)]


def test_removing_a_step_resolves_the_gap_on_it(sw):
    learner = working_on_b_without_a(sw)
    [step_b] = [step for step in sw.progression.steps if step.competency_id == sw.b.id]
    authoring.remove_step(sw.progression, step_b)
    db.session.commit()
    assert open_flags(learner) == []


def test_removing_and_adding_a_prerequisite_moves_the_gap(sw):
    learner = working_on_b_without_a(sw)
    sw.framework.status = "draft"  # prerequisites change only in a draft framework
    [edge] = db.session.scalars(select(Prerequisite).where(Prerequisite.competency_id == sw.b.id))
    authoring.remove_prerequisite(edge)
    db.session.commit()
    assert open_flags(learner) == []
    authoring.add_prerequisite(sw.b, sw.a)
    db.session.commit()
    assert open_flags(learner) == []  # a draft does not reach learners: no flags from it (issue 16)
    sw.framework.status = "published"
    db.session.commit()
    assert open_flags(learner) == [("prerequisite_gap", sw.b.id)]


def behind_on_a_path_started_ten_weeks_ago(sw):
    """Placed 70 days ago at 1.5 weeks a step, nothing mastered, recent work (not stalled): behind pace."""
    learner = sw.learner(placed_on=recent(70))
    evidence_service.create_evidence(sw.teacher, learner, sw.d, observed_on=recent(1), level=3)
    assert open_flags(learner) == [("behind_pace", None)]
    return learner


def edit_pace(sw, **changes):
    details = dict(framework=sw.framework, title=sw.progression.title, description=None,
                   pace_mode=sw.progression.pace_mode, weeks_per_step=sw.progression.weeks_per_step,
                   term=sw.progression.term, active=True)
    authoring.update_progression(sw.progression, **{**details, **changes})


def test_a_slower_pace_resolves_behind_pace(sw):
    learner = behind_on_a_path_started_ten_weeks_ago(sw)
    edit_pace(sw, weeks_per_step=30)
    db.session.commit()
    assert open_flags(learner) == []


def test_later_target_dates_resolve_behind_pace(sw, make):
    learner = behind_on_a_path_started_ten_weeks_ago(sw)
    term = make.term(school=sw.section.school, name="This year", starts_on=recent(100),
                     ends_on=today() + timedelta(days=300))
    edit_pace(sw, pace_mode="target_dates", term=term, weeks_per_step=None)
    assert not authoring.set_target_dates(sw.progression, {step.id: recent(60 - 5 * step.position).isoformat()
                                                           for step in sw.progression.steps})
    db.session.commit()
    assert open_flags(learner) == [("behind_pace", None)]
    assert not authoring.set_target_dates(sw.progression, {
        step.id: (today() + timedelta(days=60 * step.position)).isoformat() for step in sw.progression.steps})
    db.session.commit()
    assert open_flags(learner) == []


def test_a_setting_the_flags_read_refreshes_every_learner(sw):
    learners = [sw.learner(placed_on=today(), given_name=f"Kid{n}") for n in range(3)]
    for learner in learners:
        for days in (3, 2):
            sw.evidence(learner, sw.d, 1, recent(days))
    assert [open_flags(learner) for learner in learners] == [[], [], []]
    settings.save_settings({"repeated_not_yet_attempts": 2}, sw.teacher)
    db.session.commit()
    assert [open_flags(learner) for learner in learners] == [[("repeated_not_yet", sw.d.id)]] * 3


def test_a_setting_no_flag_reads_queues_nobody(sw):
    sw.learner(placed_on=today())
    as_refreshed()
    settings.save_settings({"allow_self_validation": True}, sw.teacher)
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(FlagRefresh)) == 0


def test_a_term_that_ended_makes_the_days_since_closed(sw):
    """The school calendar: weekdays outside every term are not school days, so a learner whose last work
    was before the term ended is not stalled by the break."""
    learner = sw.learner(placed_on=today())
    evidence_service.create_evidence(sw.teacher, learner, sw.d, observed_on=recent(25), level=3)
    assert open_flags(learner) == [("stalled", None)]
    term = sw.section.term
    term.starts_on, term.ends_on = recent(120), recent(20)
    db.session.commit()
    assert open_flags(learner) == []


# What the mechanism costs ----------------------------------------------------------------------

def queueing(statements):
    return [s for s in statements if "flag_refresh" in s]


def test_changes_that_move_many_learners_queue_them_in_one_statement(sw, count_queries):
    counts = []
    for size in (3, 15):
        for n in range(size):
            sw.learner(placed_on=today(), given_name=f"Kid{size}-{n}")
        db.session.commit()
        with count_queries() as pace_edit:
            edit_pace(sw, weeks_per_step=sw.progression.weeks_per_step + 1)
        with count_queries() as setting:
            settings.save_settings({"stalled_school_days": size}, sw.teacher)
            db.session.flush()
        db.session.commit()
        assert len(queueing(pace_edit.statements)) == 1 and len(queueing(setting.statements)) == 1
        counts.append((pace_edit.count, setting.count))
        queued = db.session.scalar(select(func.count()).select_from(FlagRefresh))
        assert queued == len(sw.learners)
    assert counts[0] == counts[1], counts


def test_a_flush_adds_at_most_one_statement_whatever_it_changes(sw, count_queries):
    from tracker.evidence.models import Evidence

    learner = sw.learner(placed_on=today())
    db.session.commit()
    with count_queries() as counter:
        sw.evidence(learner, sw.a, 2, recent(1))
    assert len(queueing(counter.statements)) == 1
    step, term = sw.progression.steps[0], sw.section.term
    with count_queries() as counter, db.session.no_autoflush:  # evidence, a step and a term in one flush
        db.session.add(Evidence(learner_id=learner.id, competency_id=sw.b.id, level=2, observed_on=recent(1),
                                recorded_by_id=sw.teacher.id))
        step.target_date = today()
        term.name, term.ends_on = "Autumn", today() + timedelta(days=30)
        db.session.flush()
    assert len(queueing(counter.statements)) == 1
    with count_queries() as counter:  # nothing a flag reads
        sw.section.term.name = "Fall"
        learner.given_name = "Renamed"
        db.session.flush()
    assert queueing(counter.statements) == []


def test_a_bulk_statement_queues_its_rows_learners(sw):
    from sqlalchemy import insert

    from tracker.evidence.models import Evidence

    learners = [sw.learner(placed_on=today(), given_name=f"Kid{n}") for n in range(2)]
    as_refreshed()
    db.session.execute(insert(Evidence), [
        {"learner_id": learner.id, "competency_id": sw.d.id, "level": 1, "observed_on": recent(days),
         "recorded_by_id": sw.teacher.id} for learner in learners for days in (3, 2, 1)])
    assert sorted(db.session.scalars(select(FlagRefresh.learner_id))) == sorted(learner.id for learner in learners)
    assert [open_flags(learner) for learner in learners] == [[("repeated_not_yet", sw.d.id)]] * 2


# No writer refreshes by hand; every table the flags read is watched ---------------------------

def test_no_writer_queues_learners_by_hand():
    """`learners_changed` is the mechanism's: a writer that calls it is a writer the next one forgets."""
    import ast
    from pathlib import Path

    import tracker

    allowed = {Path("supports/service.py"), Path("supports/watch.py")}
    root = Path(tracker.__file__).parent
    callers = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else \
                node.name if isinstance(node, ast.alias) else None
            if name and name.split(".")[-1] == "learners_changed" and path.relative_to(root) not in allowed:
                callers.append(f"{path.relative_to(root)}:{node.lineno if hasattr(node, 'lineno') else '?'}")
    assert callers == [], f"call nothing by hand; declare the model in tracker/supports/watch.py: {callers}"


def test_every_table_the_flag_rules_read_is_watched(sw, count_queries, monkeypatch):
    """A model the rules start reading (a school calendar, say) must join WATCHED, or its changes
    would leave flags stale until the nightly job."""
    import re

    from tracker.notifications import events

    # Telling teachers of new flags reads who teaches whom and their choices: not an input of the rules.
    monkeypatch.setattr(events, "flags_raised", lambda learner_ids: None)

    from tracker.supports.service import recompute_flags
    from tracker.supports.watch import BY_TABLE

    learner = sw.learner(placed_on=recent(30))
    sw.evidence(learner, sw.b, 2, recent(20))
    sw.evidence(learner, sw.d, 3, recent(25))
    sw.decide(learner, sw.d)  # the attempts on a decided competency are read from its evidence, dated
    with count_queries() as counter:
        recompute_flags([learner.id])
    read = {name for statement in counter.statements
            for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', statement)}
    # A new flag's owner (the learner's teacher: enrollment, teaching assignment, section) is read when
    # it is raised, but it is no rule: a change of teacher moves no flag.
    owner = {"enrollment", "teaching_assignment", "section"}
    written = {"support_flag", "placement_rollup", "learner_rollup"}  # what the pass writes (DELETE FROM ...)
    # The evidence summaries are the evidence's (watched), rewritten in the same flush as every change to it
    # (dashboards/summaries.py): a change to them is a change to the evidence.
    derived = {"evidence_summary"}
    assert "evidence" in BY_TABLE
    assert read - set(BY_TABLE) - written - owner - derived == set()
    assert {"evidence_summary", "evidence", "mastery_decision", "placement", "progression_step", "prerequisite",
            "term", "setting"} <= read
