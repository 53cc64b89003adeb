"""Calibration: setting a session up, blind and anonymised scoring, results checked against hand-worked numbers."""
import csv
import io
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from tracker.auth import policy
from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.calibration import service as calibration
from tracker.calibration.models import CalibrationSession
from tracker.calibration.results import agreement_for_validator, results


@dataclass
class CalibrationWorld:
    admin: object
    validators: list
    teacher: object
    competency: object
    learners: list
    evidence: list


@pytest.fixture
def cw(make) -> CalibrationWorld:
    from tracker.competencies.models import Competency, Framework, RubricDescriptor
    from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
    from tracker.evidence.models import Evidence

    scale = ensure_default_scales()[STANDARD_SCALE]
    framework = Framework(title="Grade 6 Math", scale=scale, status="published")
    competency = Competency(framework=framework, code="RP.1", statement="Understand ratio language")
    competency.rubric = [RubricDescriptor(level_number=3, descriptor="Explains a ratio with a table and words.")]
    db.session.add_all([framework, competency])
    admin = make.user("admin", name="Alex Morgan")
    validators = [make.user("validator", name=name) for name in ("Grace Whitfield", "Samuel Ortiz", "James Okafor")]
    teacher = make.user("teacher", name="Ana Rivera")
    section = make.section(teachers=[teacher])
    learners = [make.learner(section, given_name=given, family_name="Hernández")
                for given in ("Maya", "Noah", "Lea", "Omar")]
    evidence = []
    for n, (learner, level) in enumerate(zip(learners * 2, (1, 2, 3, 4, 2, 3, 3, 1))):
        item = Evidence(learner_id=learner.id, competency_id=competency.id, recorded_by_id=teacher.id, level=level,
                        observed_on=date(2026, 10, 1 + n),
                        feedback=f"{learner.given_name} set up the table; MAYA's partner helped. Piece {n}.",
                        reflection=f"I am {learner.given_name} {learner.family_name} and I tried hard."
                        if n == 0 else None, link_url="https://portfolio.example/work" if n == 1 else None)
        db.session.add(item)
        evidence.append(item)
    db.session.commit()
    return CalibrationWorld(admin, validators, teacher, competency, learners, evidence)


def new_session(cw, pieces=4, validators=None, **kw):
    session = calibration.create_session(
        cw.admin, title=kw.pop("title", "Fall calibration"), competency=cw.competency,
        evidence_ids=[e.id for e in cw.evidence[:pieces]],
        validator_ids=[v.id for v in (validators or cw.validators)], **kw)
    db.session.commit()
    return session


def submit(session, validator, levels):
    participant = policy.calibration_participant(validator, session)
    calibration.save_scores(participant, {item.id: level for item, level in zip(session.items, levels)}, submit=True)
    db.session.commit()


# Setting up -----------------------------------------------------------------------------------

def test_an_admin_sets_up_a_session(client, auth, cw):
    auth.as_user(cw.admin)
    page = client.get(f"/calibration/new?competency_id={cw.competency.id}").get_data(as_text=True)
    assert "Maya Hernández" in page and "Grace Whitfield" in page  # the admin chooses knowing whose work
    response = client.post("/calibration/new", data={
        "competency_id": cw.competency.id, "title": "Fall calibration", "instructions": "Use the rubric.",
        "evidence_ids": [e.id for e in cw.evidence[:3]], "validator_ids": [v.id for v in cw.validators[:2]]})
    assert response.status_code == 302
    session = db.session.scalar(select(CalibrationSession))
    assert (session.title, session.status, session.competency_id) == ("Fall calibration", "open", cw.competency.id)
    assert [i.evidence_id for i in session.items] == [e.id for e in cw.evidence[:3]]
    assert [(p.validator_id, p.position) for p in session.participants] == [(cw.validators[0].id, 1),
                                                                            (cw.validators[1].id, 2)]


def test_the_list_says_open_and_closed_as_a_session_is_in_spanish(client, auth, cw):
    new_session(cw, title="Octubre")
    closed_one = new_session(cw, title="Septiembre")
    calibration.close_session(cw.admin, closed_one)
    cw.admin.locale = "es"
    db.session.commit()
    auth.as_user(cw.admin)
    page = client.get("/calibration").get_data(as_text=True)
    # "sesión" is feminine: "Abierta" and "Cerrada", not the "Abierto" of a step ("paso") on a map
    assert page.count(">Abierta</span>") == 1 and page.count(">Cerrada</span>") == 1 and "Abierto" not in page


def test_setup_errors_name_the_field(client, auth, cw, make):
    auth.as_user(cw.admin)
    response = client.post("/calibration/new", data={
        "competency_id": cw.competency.id, "title": "", "evidence_ids": [cw.evidence[0].id],
        "validator_ids": [cw.validators[0].id, cw.teacher.id]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the session a title." in page
    assert "Choose between 2 and 40 pieces of evidence." in page
    assert "Invite only the validators listed." in page
    assert db.session.scalar(select(CalibrationSession)) is None
    with pytest.raises(FieldProblem) as problem:
        calibration.create_session(cw.admin, title="T", competency=cw.competency,
                                   evidence_ids=[e.id for e in cw.evidence[:2]], validator_ids=[cw.validators[0].id])
    assert problem.value.problems[0][0] == "validator_ids"


# Scoring --------------------------------------------------------------------------------------

def test_validators_see_the_work_but_not_who_or_what_level(client, auth, cw):
    session = new_session(cw)
    auth.as_user(cw.validators[0])
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert "Piece 1" in page and "Piece 4" in page
    assert "set up the table" in page and "https://portfolio.example/work" in page
    assert "[the learner] set up the table; [the learner]&#39;s partner helped." in page
    assert "I am [the learner] [the learner] and I tried hard." in page
    for name in ("Maya", "Noah", "Hernández"):
        assert name not in page, name
    assert "Explains a ratio with a table and words." in page  # the rubric
    assert "Grace Whitfield" in page  # only as the signed-in account's name
    assert "Samuel Ortiz" not in page


def test_scoring_is_blind_until_submitted(client, auth, cw):
    session = new_session(cw)
    first, second, _third = cw.validators
    auth.as_user(first)
    response = client.post(f"/calibration/{session.id}/scores", data={
        **{f"piece-{item.id}": "4" for item in session.items}, "action": "submit"})
    assert response.status_code == 302 and response.location.endswith(f"/calibration/{session.id}/results")

    auth.as_user(second)
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert "checked" not in page  # nothing of the first validator's levels shows
    response = client.get(f"/calibration/{session.id}/results")
    assert response.status_code == 302 and response.location.endswith(f"/calibration/{session.id}")
    assert client.get(f"/calibration/{session.id}/results.csv").status_code == 302
    # A draft is kept, and still the results stay shut.
    client.post(f"/calibration/{session.id}/scores", data={f"piece-{session.items[0].id}": "3", "action": "save"})
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert page.count("checked") == 1
    assert client.get(f"/calibration/{session.id}/results").status_code == 302
    # Submitting with pieces missing names them, and keeps what was chosen.
    response = client.post(f"/calibration/{session.id}/scores", data={
        f"piece-{session.items[0].id}": "3", f"piece-{session.items[1].id}": "2", "action": "submit"})
    page = response.get_data(as_text=True)
    assert "Piece 3: choose a level before submitting." in page and "Piece 4: choose a level" in page
    assert page.count("checked") == 2
    db.session.expire_all()
    assert policy.calibration_participant(second, session).submitted_at is None
    client.post(f"/calibration/{session.id}/scores", data={
        **{f"piece-{item.id}": "3" for item in session.items}, "action": "submit"})
    page = client.get(f"/calibration/{session.id}/results").get_data(as_text=True)
    assert "You (Validator B)" in page and "Validator A" in page
    assert "Grace Whitfield" not in page  # other validators are letters to a validator
    # Submitted scores are final.
    client.post(f"/calibration/{session.id}/scores", data={
        **{f"piece-{item.id}": "1" for item in session.items}, "action": "submit"})
    db.session.expire_all()
    assert {s.level for s in policy.calibration_participant(second, session).scores} == {3}


def test_a_validator_not_invited_is_refused(client, auth, cw, make):
    session = new_session(cw, validators=cw.validators[:2])
    auth.as_user(cw.validators[2])
    assert client.get(f"/calibration/{session.id}").status_code == 403
    assert client.post(f"/calibration/{session.id}/scores", data={"action": "save"}).status_code == 403
    assert client.get(f"/calibration/{session.id}/results").status_code == 403
    assert "Fall calibration" not in client.get("/calibration").get_data(as_text=True)


def test_closing_opens_the_results_to_everyone_invited(client, auth, cw):
    session = new_session(cw)
    submit(session, cw.validators[0], [1, 2, 3, 4])
    submit(session, cw.validators[1], [1, 2, 3, 3])
    auth.as_user(cw.admin)
    page = client.get(f"/calibration/{session.id}/results").get_data(as_text=True)
    assert "2 of 3 validators have submitted" in page
    client.post(f"/calibration/{session.id}/close")
    db.session.expire_all()
    assert session.status == "closed" and session.closed_at is not None
    auth.as_user(cw.validators[2])
    assert client.get(f"/calibration/{session.id}/results").status_code == 200
    response = client.post(f"/calibration/{session.id}/scores", data={"action": "save"})
    assert response.status_code == 302  # closed: nothing more to score


# Results --------------------------------------------------------------------------------------

def test_three_validators_results_match_the_hand_worked_numbers(client, auth, cw):
    """Pieces scored [3,3,3], [2,2,2], [4,3,3], [1,2,2].

    Exact: pairs agreeing 3 + 3 + 1 + 1 = 8 of 12 = 67%. Adjacent: all 12 within one level.
    Fleiss: P̄ = (1 + 1 + 1/3 + 1/3) / 4 = 2/3; level shares 1/12, 5/12, 5/12, 1/12 give
    P̄e = 52/144 = 13/36; κ = (2/3 − 13/36) / (1 − 13/36) = 11/23 = 0.478 (moderate).
    Per level: 2 and 3 → (3·2 + 2·1) / (3·2 + 2·2) = 8/10; 1 and 4 → 0.
    """
    session = new_session(cw)
    columns = {cw.validators[0]: [3, 2, 4, 1], cw.validators[1]: [3, 2, 3, 2], cw.validators[2]: [3, 2, 3, 2]}
    for validator, levels in columns.items():
        submit(session, validator, levels)
    result = results(session, cw.admin)
    s = result.summary
    assert s.kappa_method == "fleiss"
    assert (s.items, s.raters) == (4, 3)
    assert s.exact == pytest.approx(8 / 12) and s.adjacent == 1
    assert s.kappa == pytest.approx(11 / 23)
    assert result.kappa_words == "Moderate agreement"
    by_level = {level.number: level for level in result.levels}
    assert by_level[2].agreement == pytest.approx(0.8) and by_level[3].agreement == pytest.approx(0.8)
    assert by_level[1].agreement == 0 and by_level[4].agreement == 0
    assert (by_level[3].chosen, by_level[3].pieces, by_level[3].unanimous) == (5, 2, 1)
    assert [row.spread for row in result.rows] == [0, 0, 1, 1]

    auth.as_user(cw.admin)
    page = client.get(f"/calibration/{session.id}/results").get_data(as_text=True)
    assert "67%" in page and "100%" in page and "0.48" in page and "Moderate agreement" in page
    assert "Fleiss' kappa" in page and "Grace Whitfield" in page and "Original level" in page


def test_two_validators_get_cohens_kappa(cw):
    """A = [1,2,3,3,4,2], B = [1,2,3,4,4,3]: 4 of 6 agree; chance (1·1 + 2·1 + 2·2 + 1·2)/36 = 1/4;
    κ = (2/3 − 1/4) / (3/4) = 5/9 = 0.556."""
    from tracker.evidence.models import Evidence

    extra = Evidence(learner_id=cw.learners[0].id, competency_id=cw.competency.id, recorded_by_id=cw.teacher.id,
                     level=2, observed_on=date(2026, 10, 20), feedback="More work")
    db.session.add(extra)
    db.session.commit()
    cw.evidence.append(extra)
    session = calibration.create_session(
        cw.admin, title="Pair", competency=cw.competency, evidence_ids=[e.id for e in cw.evidence[:6]],
        validator_ids=[v.id for v in cw.validators[:2]])
    db.session.commit()
    submit(session, cw.validators[0], [1, 2, 3, 3, 4, 2])
    submit(session, cw.validators[1], [1, 2, 3, 4, 4, 3])
    summary = results(session, cw.validators[0]).summary
    assert summary.kappa_method == "cohen"
    assert summary.kappa == pytest.approx(5 / 9)
    assert summary.exact == pytest.approx(4 / 6)


def test_the_results_download_is_the_table(client, auth, cw):
    session = new_session(cw)
    for validator, levels in zip(cw.validators, ([1, 2, 3, 4], [1, 2, 3, 3], [2, 2, 3, 4])):
        submit(session, validator, levels)
    auth.as_user(cw.validators[1])
    response = client.get(f"/calibration/{session.id}/results.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Piece", "Validator A", "You (Validator B)", "Validator C", "Spread"]
    assert rows[1:] == [["Piece 1", "1", "1", "2", "1"], ["Piece 2", "2", "2", "2", "0"],
                        ["Piece 3", "3", "3", "3", "0"], ["Piece 4", "4", "3", "4", "1"]]
    auth.as_user(cw.admin)
    rows = list(csv.reader(io.StringIO(client.get(f"/calibration/{session.id}/results.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Piece", "Grace Whitfield", "Samuel Ortiz", "James Okafor", "Original level", "Spread"]
    assert [row[4] for row in rows[1:]] == ["1", "2", "3", "4"]


def test_a_validators_agreement_across_sessions(cw):
    assert agreement_for_validator(cw.validators[0]) is None
    session = new_session(cw)
    submit(session, cw.validators[0], [1, 2, 3, 4])
    submit(session, cw.validators[1], [1, 2, 3, 3])
    submit(session, cw.validators[2], [2, 2, 3, 4])
    # Whitfield against the others: (1,1) (1,2) (2,2) (2,2) (3,3) (3,3) (4,3) (4,4): 6 of 8 exact, all adjacent;
    # kappa of mine [1,1,2,2,3,3,4,4] vs theirs [1,2,2,2,3,3,3,4]: po 6/8, pe (2·1+2·3+2·3+2·1)/64 = 16/64,
    # κ = (0.75 − 0.25) / 0.75 = 2/3.
    mine = agreement_for_validator(cw.validators[0])
    assert (mine.sessions, mine.pieces, mine.comparisons) == (1, 4, 8)
    assert mine.exact == 0.75 and mine.adjacent == 1
    assert mine.kappa == pytest.approx(2 / 3) and mine.description == "Substantial agreement"


def test_the_session_list_and_pieces_with_files(client, auth, cw, tmp_path):
    import io as bytes_io

    from werkzeug.datastructures import FileStorage

    from tracker.evidence import artifacts

    artifact = artifacts.store(FileStorage(bytes_io.BytesIO(b"Maya's ratio notes"), filename="maya-notes.txt"),
                               cw.teacher)
    cw.evidence[2].artifact = artifact
    db.session.commit()
    session = new_session(cw)
    auth.as_user(cw.validators[0])
    listing = client.get("/calibration").get_data(as_text=True)
    assert "Fall calibration" in listing and "Your scores are due" in listing
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert "piece-3.txt" in page and "maya-notes" not in page
    response = client.get(f"/calibration/{session.id}/pieces/{session.items[2].id}/file")
    assert response.status_code == 200 and "piece-3.txt" in response.headers["Content-Disposition"]
    assert client.get(f"/calibration/{session.id}/pieces/{session.items[0].id}/file").status_code == 404
