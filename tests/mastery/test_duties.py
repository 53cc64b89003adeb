"""Separation of duties: whoever last set a piece's level is its author and may not decide on it,
and a validator may not decide a request it proposed (issue 13, finding 2).

The user here is both a teacher of the learner and a validator, and the school's
`allow_self_validation` setting is off unless a test turns it on.
"""
import pytest
from sqlalchemy import select

from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.mastery import duties, service
from tracker.mastery.models import MasteryDecision, ValidationRequest
from tracker.rosters.models import TeachingAssignment
from tracker.settings import service as settings


@pytest.fixture
def dual(vw, make):
    """Lee teaches the learner's section and validates."""
    user = make.user("teacher", "validator", name="Lee Dual")
    db.session.add(TeachingAssignment(section_id=vw.section.id, user_id=user.id))
    db.session.commit()
    return user


def edit(client, evidence, **overrides):
    data = {"observed_on": evidence.observed_on.isoformat(), "kind": evidence.kind, "level": str(evidence.level),
            "feedback": evidence.feedback or "", "context": evidence.context, "link_url": ""}
    data.update(overrides)
    return client.post(f"/evidence/{evidence.id}/edit", data=data)


def propose(client, vw):
    return client.post(f"/learners/{vw.learner.id}/competencies/{vw.competency.id}/propose",
                       data={"section_id": vw.section.id})


def decide(client, request_id, **data):
    data.setdefault("rationale", "The latest piece is at Advanced.")
    data.setdefault("current_decision_id", "0")
    return client.post(f"/validation/requests/{request_id}/decide", data=data)


def decisions():
    db.session.expire_all()
    return db.session.scalars(select(MasteryDecision).order_by(MasteryDecision.id)).all()


def the_open_request(vw):
    db.session.expire_all()
    return db.session.scalar(select(ValidationRequest).where(
        ValidationRequest.learner_id == vw.learner.id, ValidationRequest.status == "open"))


def test_the_finding_edit_to_four_propose_and_decide_is_refused(client, auth, vw, dual):
    """The reported path: edit a colleague's piece to level 4, propose, decide "mastered" citing it."""
    colleague_piece = vw.evidence[2]
    auth.as_user(dual)
    assert edit(client, colleague_piece, level="4").status_code == 302
    assert propose(client, vw).status_code == 302
    request = the_open_request(vw)

    response = decide(client, request.id, outcome="mastered", level="4", citations=[str(colleague_piece.id)])

    assert response.status_code == 200
    assert "Separation of duties" in response.text
    assert decisions() == []
    assert db.session.get(ValidationRequest, request.id).status == "open"


def test_editing_a_colleagues_level_makes_the_editor_its_author(client, auth, vw, dual):
    request = vw.add_request()  # proposed by the colleague, so only the evidence rule is at stake
    db.session.commit()
    piece = vw.evidence[2]
    auth.as_user(dual)
    assert edit(client, piece, level="4").status_code == 302

    page = client.get(f"/validation/requests/{request.id}")
    assert "level set by you" in page.text
    response = decide(client, request.id, outcome="mastered", level="4", citations=[str(piece.id)])

    assert response.status_code == 200
    assert "Separation of duties" in response.text and "you set the level" in response.text
    assert decisions() == []
    # Another validator may decide on it.
    auth.as_user(vw.validator)
    assert decide(client, request.id, outcome="mastered", level="4",
                  citations=[str(piece.id)]).status_code == 302


def test_reviewing_a_submission_makes_the_reviewer_its_author(client, auth, vw, dual):
    submission = vw.add_evidence(level=None, recorded_by=vw.student, days_ago=1, source="student",
                                 status="to_review", feedback=None, reflection="My fractions poster.")
    request = vw.add_request()
    db.session.commit()
    auth.as_user(dual)
    assert client.post(f"/evidence/{submission.id}/review",
                       data={"level": "4", "feedback": "Strong work.", "kind": "formative"}).status_code == 302

    response = decide(client, request.id, outcome="mastered", level="4", citations=[str(submission.id)])

    assert response.status_code == 200
    assert "Separation of duties" in response.text
    assert decisions() == []


def test_an_edit_that_leaves_the_level_alone_does_not_change_the_author(client, auth, vw, dual):
    request = vw.add_request()
    db.session.commit()
    piece = vw.evidence[2]
    auth.as_user(dual)
    assert edit(client, piece, feedback="Typo fixed in the feedback.").status_code == 302
    db.session.expire_all()
    assert duties.level_authors([db.session.get(Evidence, piece.id)]) == {piece.id: vw.teacher.id}

    assert decide(client, request.id, outcome="mastered", level="3",
                  citations=[str(piece.id)]).status_code == 302


def test_the_last_one_to_set_the_level_is_the_author(client, auth, vw, dual, make):
    piece = vw.evidence[2]
    auth.as_user(dual)
    edit(client, piece, level="4")
    auth.as_user(vw.teacher)
    edit(client, piece, level="3", feedback="Back to 3 after moderation.")
    db.session.expire_all()

    assert duties.level_authors([db.session.get(Evidence, piece.id)]) == {piece.id: vw.teacher.id}


def test_a_validator_may_not_decide_mastered_on_a_request_it_proposed(client, auth, vw, dual):
    auth.as_user(dual)
    assert propose(client, vw).status_code == 302
    request = the_open_request(vw)
    page = client.get(f"/validation/requests/{request.id}")
    assert "You proposed this learner" in page.text

    response = decide(client, request.id, outcome="mastered", level="3", citations=[str(vw.evidence[2].id)])

    assert response.status_code == 200
    assert "You proposed this request" in response.text
    assert decisions() == []
    auth.as_user(vw.validator)
    assert decide(client, request.id, outcome="mastered", level="3",
                  citations=[str(vw.evidence[2].id)]).status_code == 302


def test_not_yet_citing_nothing_on_an_own_proposal_is_allowed(client, auth, vw, dual):
    """It grants nothing and replaces no mastery: closing a proposal one made too early."""
    auth.as_user(dual)
    propose(client, vw)
    request = the_open_request(vw)

    response = decide(client, request.id, outcome="not_yet", rationale="Proposed too early; more practice.")

    assert response.status_code == 302
    [decision] = decisions()
    assert decision.outcome == "not_yet" and decision.citations == [] and not decision.separation_relaxed


def test_not_yet_citing_evidence_on_an_own_proposal_is_refused(client, auth, vw, dual):
    auth.as_user(dual)
    propose(client, vw)
    request = the_open_request(vw)

    response = decide(client, request.id, outcome="not_yet", citations=[str(vw.evidence[0].id)],
                      rationale="Still level 2.")

    assert response.status_code == 200
    assert "You proposed this request" in response.text
    assert decisions() == []


def test_not_yet_on_an_own_proposal_may_not_take_away_a_mastery(client, auth, vw, dual):
    first = vw.add_request(days_ago=5)
    db.session.commit()
    auth.as_user(vw.validator)
    assert decide(client, first.id, outcome="mastered", level="3",
                  citations=[str(vw.evidence[2].id)]).status_code == 302
    auth.as_user(dual)
    propose(client, vw)
    request = the_open_request(vw)

    response = decide(client, request.id, outcome="not_yet", rationale="I disagree.",
                      supersede_reason="Second look.", current_decision_id=str(decisions()[0].id))

    assert response.status_code == 200
    assert "You proposed this request" in response.text
    assert len(decisions()) == 1


def test_the_setting_relaxes_both_rules_and_the_decision_says_so(client, auth, vw, dual):
    settings.set_value("allow_self_validation", True)
    db.session.commit()
    auth.as_user(dual)
    edit(client, vw.evidence[2], level="4")
    propose(client, vw)
    request = the_open_request(vw)

    response = decide(client, request.id, outcome="mastered", level="4", citations=[str(vw.evidence[2].id)])

    assert response.status_code == 302
    [decision] = decisions()
    assert decision.separation_relaxed is True


def test_every_path_goes_through_the_service_rule(vw, dual):
    """record_decision itself refuses, whatever calls it (form, API, command line)."""
    request = vw.add_request(requested_by=dual)
    db.session.commit()

    with pytest.raises(FieldProblem) as refused:
        service.record_decision(request, dual, outcome="mastered", level=3, rationale="ok",
                                cited_ids=[vw.evidence[2].id])
    assert refused.value.field == "outcome"
    db.session.rollback()
