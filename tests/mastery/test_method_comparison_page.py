"""The method comparison on a framework's page (issue 19): queued by an author, run by the queue's worker,
stored, and shown to staff with the figures the pure function gives for the same evidence."""
import re
from datetime import date, timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.jobs.models import Job
from tracker.mastery import method_comparisons
from tracker.mastery.method_comparison import compare_methods
from tracker.mastery.method_comparison_model import MethodComparisonResult

SERIES = {  # learner → scores on one competency, oldest first: noisy around 2, so averaging wins
    "A": [2, 3, 1, 2, 3, 1, 2],
    "B": [2, 1, 3, 2, 2, 1, 3, 2],
    "C": [1, 2],  # too short: left out
}


def _school(make, method="latest"):
    framework = make.framework(method=method, parameter=None)
    competency = make.competency(framework)
    learners = {}
    for name, scores in SERIES.items():
        learner = learners[name] = make.learner(given_name=name)
        for offset, level in enumerate(scores):
            make.evidence(learner, competency, level=level, observed_on=date(2026, 9, 1) + timedelta(days=offset))
    db.session.commit()
    return framework, competency, learners


def test_an_author_queues_it_the_worker_runs_it_and_the_page_shows_the_replay(client, admin, make, run_queued_jobs):
    framework, competency, learners = _school(make)
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "Not compared yet." in page and "Compare the methods" in page

    response = client.post(f"/frameworks/{framework.id}/method-comparison")
    assert response.status_code == 302
    assert "Being computed" in client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    client.post(f"/frameworks/{framework.id}/method-comparison")  # a second press reuses the waiting job
    assert len(db.session.scalars(select(Job.id).where(Job.kind == "method_comparison")).all()) == 1
    assert run_queued_jobs(only="run_job") == 1

    stored = db.session.get(MethodComparisonResult, framework.id)
    expected = compare_methods([SERIES["A"], SERIES["B"]], threshold=3, min_level=1, max_level=4)
    assert stored.result == expected.as_dict() and stored.evidence_count == 17
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "11 predictions, from 2 learners and competencies" in page
    # the verdict: the average beats this framework's method (the most recent score)
    assert 'data-verdict="better"' in page
    assert "Average predicts better than this framework’s method, Latest score." in page
    row = re.search(r"<th scope=\"row\">Average <.*?</tr>", page, re.S).group(0)
    assert f"{expected.result('average').mean_absolute_error:.2f}" in row and "lowest error" in row

    make.evidence(learners["A"], competency, level=4)  # newer evidence: the page says the figures are older
    db.session.commit()
    assert "1 piece of evidence changed since." in client.get(f"/frameworks/{framework.id}").get_data(as_text=True)


def test_a_changed_parameter_is_said(client, admin, make):
    framework, _competency, _learners = _school(make, method="decaying_average")
    framework.estimate_parameter = 0.65
    method_comparisons.compute(framework)
    db.session.commit()
    assert "parameter has changed" not in client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    framework.estimate_parameter = 0.9
    db.session.commit()
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "The framework’s parameter has changed since: compare again to see it." in page


def test_when_the_frameworks_method_is_best_the_page_says_so(client, admin, make, run_queued_jobs):
    framework, _competency, _learners = _school(make, method="average")
    client.post(f"/frameworks/{framework.id}/method-comparison")
    run_queued_jobs()
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert 'data-verdict="current_is_best"' in page
    assert "This framework’s method, Average, predicts best" in page


def test_too_little_evidence_is_said_plainly(client, admin, make, run_queued_jobs):
    framework = make.framework()
    learner, competency = make.learner(), make.competency(framework)
    make.evidence(learner, competency, level=2)
    db.session.commit()
    client.post(f"/frameworks/{framework.id}/method-comparison")
    run_queued_jobs()
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "Not enough evidence to compare yet" in page
    assert '<table class="table table--stack method-comparison"' not in page


def test_staff_who_do_not_author_see_the_figures_but_cannot_start_a_run(client, auth, make):
    framework, _competency, _learners = _school(make)
    teacher = make.user("teacher")
    db.session.commit()
    auth.as_user(teacher)
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "Which estimate method predicts best here" in page and "Compare the methods" not in page
    assert client.post(f"/frameworks/{framework.id}/method-comparison").status_code == 403


def test_the_page_reads_the_stored_figures_in_a_fixed_number_of_statements(client, admin, make, count_queries):
    framework, competency, _learners = _school(make)
    method_comparisons.compute(framework)
    db.session.commit()
    client.get(f"/frameworks/{framework.id}")
    with count_queries() as few:
        client.get(f"/frameworks/{framework.id}")
    for _extra in range(30):
        learner = make.learner()
        for level in (1, 2, 3, 4, 3):
            make.evidence(learner, competency, level=level)
    db.session.commit()
    client.get(f"/frameworks/{framework.id}")
    with count_queries() as many:
        client.get(f"/frameworks/{framework.id}")
    assert many.count == few.count
