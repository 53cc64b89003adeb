"""Evidence summaries stay equal to what the evidence says, whichever way evidence is written."""
from datetime import timedelta

from sqlalchemy import insert, select

from tracker.evidence.submissions import submit_student_evidence
from tracker.dashboards import summaries
from tracker.dashboards.estimate_rules import rule_for
from tracker.dashboards.models import EvidenceSummary
from tracker.evidence import service as evidence_service
from tracker.evidence.grid import GridRow, save_rows
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.mastery.estimates import estimate

from .conftest import TODAY, add_evidence, build_class


def rows():
    db.session.expire_all()
    return {(r.learner_id, r.competency_id): r for r in db.session.scalars(select(EvidenceSummary))}


def expected_estimate(scores):
    return estimate("decaying_average", scores, parameter=0.65, threshold=3, min_level=1, max_level=4)


def test_orm_writes_create_edit_and_delete_keep_the_summary_current(app, make):
    world = build_class(make, size=1, domains=1, per_domain=2, with_data=False)
    learner, competency = world.learners[0], world.competencies[0]
    first = evidence_service.create_evidence(world.teacher, learner, competency, observed_on=TODAY - timedelta(days=5),
                                             level=2)
    evidence_service.create_evidence(world.teacher, learner, competency, observed_on=TODAY - timedelta(days=9), level=1)
    cell = rows()[(learner.id, competency.id)]
    assert (cell.evidence_count, cell.scored_count, cell.scores) == (2, 2, "1,2")  # in the order observed
    assert cell.last_observed_on == TODAY - timedelta(days=5)
    assert cell.estimate == expected_estimate([1, 2])

    evidence_service.edit_evidence(world.teacher, first, level=4)
    assert rows()[(learner.id, competency.id)].scores == "1,4"

    submit_student_evidence(learner_user := make.user("student"), learner, competency,
                                             observed_on=TODAY, reflection="My work")
    cell = rows()[(learner.id, competency.id)]
    assert (cell.evidence_count, cell.scored_count) == (3, 2)  # waiting for review: counted, not scored
    assert cell.last_observed_on == TODAY
    assert learner_user is not None

    for item in db.session.scalars(select(Evidence).where(Evidence.learner_id == learner.id)).all():
        evidence_service.delete_evidence(world.teacher, item)
    assert (learner.id, competency.id) not in rows()


def test_bulk_inserts_from_the_class_grid_refresh_their_cells(app, make):
    world = build_class(make, size=3, domains=1, per_domain=1, with_data=False)
    competency = world.competencies[0]
    add_evidence(world.learners[0], competency, 1, TODAY - timedelta(days=3))
    grid = [GridRow(number=n, learner_id=learner.id, name=learner.display_name, level_text="3", level=3)
            for n, learner in enumerate(world.learners, start=1)]
    ids = save_rows(world.teacher, competency, grid, observed_on=TODAY, kind="formative", context="class")
    assert len(ids) == 3  # the RETURNING rows survive the refresh
    cells = rows()
    assert cells[(world.learners[0].id, competency.id)].scores == "1,3"
    assert cells[(world.learners[2].id, competency.id)].scores == "3"


def test_a_plain_bulk_insert_statement_refreshes_its_cells(app, make):
    world = build_class(make, size=2, domains=1, per_domain=1, with_data=False)
    competency = world.competencies[0]
    db.session.execute(insert(Evidence), [
        {"learner_id": learner.id, "competency_id": competency.id, "observed_on": TODAY, "level": 2}
        for learner in world.learners])
    assert {key for key in rows()} == {(learner.id, competency.id) for learner in world.learners}


def test_rebuild_all_gives_what_the_incremental_refresh_gave(app, make):
    build_class(make, size=3)
    incremental = {key: (r.evidence_count, r.scored_count, r.scores, r.estimate, r.last_observed_on)
                   for key, r in rows().items()}
    with summaries.deferred():
        assert summaries.rebuild_all() == len(incremental)
    rebuilt = {key: (r.evidence_count, r.scored_count, r.scores, r.estimate, r.last_observed_on)
               for key, r in rows().items()}
    assert rebuilt == incremental and incremental


def test_deferred_writes_wait_for_the_rebuild(app, make):
    world = build_class(make, size=1, domains=1, per_domain=1, with_data=False)
    with summaries.deferred():
        add_evidence(world.learners[0], world.competencies[0], 3, TODAY)
        assert rows() == {}
        summaries.rebuild_all()
    assert len(rows()) == 1


def test_readers_recompute_when_the_framework_changes_its_method(app, make):
    world = build_class(make, size=1, domains=1, per_domain=1, with_data=False)
    learner, competency = world.learners[0], world.competencies[0]
    for days, level in ((9, 1), (5, 4), (1, 2)):
        add_evidence(learner, competency, level, TODAY - timedelta(days=days))
    world.framework.estimate_method = "highest"
    db.session.flush()
    stored = rows()[(learner.id, competency.id)]
    assert stored.estimate == expected_estimate([1, 4, 2])  # computed with the old method
    cells = summaries.cells_for(learners=[learner.id], framework_id=world.framework.id,
                                rule=rule_for(world.framework))
    assert cells[(learner.id, competency.id)][0] == 4  # the reader applies the new one


def test_two_writers_of_one_cell_at_once_both_count(app, make):
    """Each writer refreshes the cell after its own insert; the row lock taken first (PostgreSQL)
    makes the second refresh wait and then read the first writer's committed evidence."""
    import threading

    world = build_class(make, size=1, domains=1, per_domain=1, with_data=False)
    learner_id, competency_id = world.learners[0].id, world.competencies[0].id
    add_evidence(world.learners[0], world.competencies[0], 1, TODAY - timedelta(days=9))
    db.session.commit()
    start, errors = threading.Barrier(2), []

    def write(level):
        try:
            with app.app_context():
                start.wait(10)
                db.session.add(Evidence(learner_id=learner_id, competency_id=competency_id, level=level,
                                        observed_on=TODAY))
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=write, args=(level,)) for level in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    cell = rows()[(learner_id, competency_id)]
    assert cell.scored_count == 3 and sorted(cell.scores.split(",")) == ["1", "2", "3"]


def test_a_write_estimates_with_the_rule_the_framework_has_now(app, make, count_queries):
    """The refresh takes the rule from the competency, framework and scale the writer already
    loaded (no query), and that rule is the framework's current one."""
    world = build_class(make, size=1, domains=1, per_domain=1, with_data=False)
    learner, competency = world.learners[0], world.competencies[0]
    for days, level in ((9, 1), (5, 4)):
        add_evidence(learner, competency, level, TODAY - timedelta(days=days))
    world.framework.estimate_method = "highest"
    db.session.flush()
    assert competency.framework.scale.levels  # loaded, as the API's level check loads them
    with count_queries() as counter:
        evidence_service.create_evidence(world.teacher, learner, competency, observed_on=TODAY, level=2)
    assert not any("scale_level" in statement for statement in counter.statements)
    assert rows()[(learner.id, competency.id)].estimate == 4  # "highest" of 1, 4, 2


def test_a_write_whose_competency_is_not_loaded_reads_the_rule(app, make):
    world = build_class(make, size=1, domains=1, per_domain=1, with_data=False)
    learner_id, competency_id = world.learners[0].id, world.competencies[0].id
    world.framework.estimate_method = "highest"
    db.session.commit()
    db.session.expunge_all()  # nothing of the framework left in the session
    db.session.execute(insert(Evidence), [{"learner_id": learner_id, "competency_id": competency_id,
                                           "observed_on": TODAY, "level": level} for level in (3, 1)])
    assert rows()[(learner_id, competency_id)].estimate == 3


def test_summaries_stored_with_the_old_straight_line_power_law_read_as_stale():
    """power_law was a straight-line fit; rows it stored (basis "power_law:…") are estimated again."""
    from tracker.dashboards.estimate_rules import Rule

    assert Rule("power_law", None, 3, 1, 4).basis != "power_law:None:3:1:4"
    assert Rule("linear_trend", None, 3, 1, 4).basis == "linear_trend:None:3:1:4"
    assert Rule("latest", None, 3, 1, 4).basis == "latest:None:3:1:4"  # other methods keep theirs
