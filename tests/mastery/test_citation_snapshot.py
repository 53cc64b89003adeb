"""A decision keeps what it cited as it was when decided (issue 13, finding 3).

Editing or deleting cited evidence stays allowed (mistakes in the record must be correctable,
and estimates must follow the corrected record); the decision keeps a snapshot of each cited
piece (version, level, date observed, kind, feedback, who set the level) and its pages show
the snapshot, saying so, and saying when the piece was edited or deleted since.
"""
import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.mastery.models import DecisionCitation, MasteryDecision


def decide(client, request_id, **data):
    data.setdefault("rationale", "Two pieces at Proficient.")
    data.setdefault("current_decision_id", "0")
    return client.post(f"/validation/requests/{request_id}/decide", data=data)


def edit(client, evidence, **overrides):
    data = {"observed_on": evidence.observed_on.isoformat(), "kind": evidence.kind, "level": str(evidence.level),
            "feedback": evidence.feedback or "", "context": evidence.context, "link_url": ""}
    data.update(overrides)
    return client.post(f"/evidence/{evidence.id}/edit", data=data)


@pytest.fixture
def decided(client, auth, vw):
    """Grace decided "mastered" at level 3 citing the level-3 piece observed on 2026-09-29."""
    request = vw.add_request()
    db.session.commit()
    piece = vw.evidence[2]
    auth.as_user(vw.validator)
    assert decide(client, request.id, outcome="mastered", level="3", citations=[str(piece.id)]).status_code == 302
    db.session.expire_all()
    decision = db.session.scalar(select(MasteryDecision))
    return request, decision, piece


def test_the_citation_keeps_a_snapshot_of_the_piece(vw, decided):
    _request, decision, piece = decided
    [citation] = decision.citations
    assert (citation.evidence_id, citation.version, citation.level, citation.observed_on, citation.kind,
            citation.feedback, citation.author_id) == (
        piece.id, 1, 3, piece.observed_on, "formative", "Level 3 work.", vw.teacher.id)


def test_editing_cited_evidence_is_allowed_and_the_decision_keeps_the_level_it_cited(client, auth, vw, decided):
    request, decision, piece = decided
    auth.as_user(vw.teacher)

    assert edit(client, piece, level="1", feedback="Re-marked: it was copied.").status_code == 302

    db.session.expire_all()
    [citation] = db.session.get(MasteryDecision, decision.id).citations
    assert (citation.level, citation.version, citation.feedback) == (3, 1, "Level 3 work.")
    page = client.get(f"/validation/requests/{request.id}").text
    decision_panel = page[page.index('id="decision-heading"'):]
    assert "as it was when decided" in decision_panel
    assert "level 3" in decision_panel and "edited since" in decision_panel and "now level 1" in decision_panel
    history = client.get(f"/learners/{vw.learner.id}/decisions").text
    assert "as it was when decided" in history and "level 3" in history and "now level 1" in history


def test_deleting_cited_evidence_is_allowed_and_the_decision_still_shows_it(client, auth, vw, decided):
    request, decision, piece = decided
    auth.as_user(vw.teacher)
    assert client.post(f"/evidence/{piece.id}/delete", data={"confirm": "yes"}).status_code == 302

    auth.as_user(vw.student)
    history = client.get(f"/learners/{vw.learner.id}/decisions").text
    assert "level 3" in history and "since deleted" in history
    db.session.expire_all()
    assert db.session.scalar(select(DecisionCitation)).level == 3


def test_an_unchanged_piece_is_not_marked_as_edited(client, auth, vw, decided):
    request, _decision, _piece = decided
    page = client.get(f"/validation/requests/{request.id}").text
    assert "as it was when decided" in page and "edited since" not in page and "since deleted" not in page


def test_the_edit_and_delete_pages_say_a_decision_keeps_what_it_cited(client, auth, vw, decided):
    _request, _decision, piece = decided
    auth.as_user(vw.teacher)
    notice = "A mastery decision cites this evidence"
    assert notice in client.get(f"/evidence/{piece.id}/edit").text
    assert notice in client.get(f"/evidence/{piece.id}/delete").text
    assert notice not in client.get(f"/evidence/{vw.evidence[0].id}/edit").text


def test_the_api_gives_the_citations_as_decided(client, vw, decided):
    from tracker.api.tokens import create_token

    _request, decision, piece = decided
    token = create_token(vw.teacher, "test")[1]
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    from tracker.evidence import service as evidence_service
    from tracker.evidence.models import Evidence
    evidence_service.edit_evidence(vw.teacher, db.session.get(Evidence, piece.id), level=1)
    db.session.commit()

    body = client.get(f"/api/v1/learners/{vw.learner.id}/decisions", headers=headers).get_json()

    [answer] = body["decisions"]
    assert answer["cited_evidence_ids"] == [piece.id]
    assert answer["citations"] == [{"evidence_id": piece.id, "version": 1, "level": 3,
                                    "observed_on": piece.observed_on.isoformat(), "edited_since": True,
                                    "deleted_since": False}]
