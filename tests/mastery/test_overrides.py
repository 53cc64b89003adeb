"""A decision that disagrees with the evidence: the rule from its definition (pure), the request
page (a field error and nothing saved without a sentence; recorded with one), and the warning on
proposing a learner after a single formative piece."""
import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.mastery import overrides
from tracker.mastery.models import MasteryDecision, ValidationRequest
from tracker.mastery.overrides import ABOVE_EVIDENCE, BELOW_MASTERY, BOTH, check_override, override_kind


def kind(outcome="mastered", level=3, estimate=3.0, cited=(3,)):
    return override_kind(outcome=outcome, level=level, estimate=estimate, threshold=3, cited_levels=cited)


def test_the_rule_from_its_definition():
    assert kind() is None                                     # mastered at 3, estimate 3.0, cited a 3
    assert kind(estimate=2.957) == BELOW_MASTERY               # shown as 2.9: not yet at mastery
    assert kind(estimate=3.04) is None                         # shown 3.0: at mastery
    assert kind(level=4, cited=(3, 3)) == ABOVE_EVIDENCE       # 4 is above every cited piece
    assert kind(level=4, cited=(3, 4)) is None                 # one cited piece shows 4
    assert kind(level=4, estimate=2.5, cited=(3,)) == BOTH
    assert kind(level=3, cited=(None,)) == ABOVE_EVIDENCE      # cited pieces with no level show none
    assert kind(estimate=None) is None                         # no estimate: nothing to go against
    assert kind(outcome="not_yet", level=None, estimate=3.8) is None  # asking for more never overrides


def test_the_estimate_is_read_as_people_see_it():
    from tracker.mastery.estimate_display import shown_estimate

    for estimate in (2.9, 2.95, 2.999, 3.0, 3.05):
        overrides_it = kind(estimate=estimate) == BELOW_MASTERY
        assert overrides_it == (not shown_estimate(estimate, 3).at_mastery)


def test_an_override_needs_a_sentence(app):
    with pytest.raises(FieldProblem) as problem:
        check_override(outcome="mastered", level=3, estimate=2.5, threshold=3, cited_levels=[3],
                       override_rationale="   ")
    assert problem.value.field == "override_rationale"
    assert "2.5, not yet at mastery" in problem.value.message  # the display rule's words
    with pytest.raises(FieldProblem) as problem:
        check_override(outcome="mastered", level=4, estimate=3.0, threshold=3, cited_levels=[3],
                       override_rationale=None)
    assert "Level 4 is above every piece you cited" in problem.value.message
    made = check_override(outcome="mastered", level=3, estimate=2.5, threshold=3, cited_levels=[3],
                          override_rationale=" Seen live. ")
    assert made == overrides.Override(BELOW_MASTERY, "Seen live.")


def test_single_formative_warning():
    assert overrides.single_formative_warning(["formative"])
    assert not overrides.single_formative_warning(["summative"])
    assert not overrides.single_formative_warning(["formative", "formative"])
    assert not overrides.single_formative_warning([])


# The request page -------------------------------------------------------------------------------

def decide(client, request, **data):
    data.setdefault("rationale", "The poster and the interview show it.")
    return client.post(f"/validation/requests/{request.id}/decide", data=data)


def decisions():
    db.session.expire_all()
    return db.session.scalars(select(MasteryDecision).order_by(MasteryDecision.id)).all()


@pytest.fixture
def low_request(vw):
    """The latest piece is level 2: the estimate ("latest") reads 2.0, not yet at mastery."""
    vw.add_evidence(level=2, days_ago=1)
    request = vw.add_request(days_ago=1)
    db.session.commit()
    return request


def test_mastered_below_the_estimate_without_a_sentence_saves_nothing(client, auth, vw, low_request):
    auth.as_user(vw.validator)
    page = client.get(f"/validation/requests/{low_request.id}")
    assert 'name="override_rationale"' in page.text
    assert "The estimate is 2.0, not yet at mastery" in page.text

    response = decide(client, low_request, outcome="mastered", level=3, citations=[vw.evidence[2].id])

    assert response.status_code == 200
    assert 'id="override_rationale-error"' in response.text
    assert "The estimate is 2.0, not yet at mastery. Write a sentence" in response.text
    assert decisions() == []
    assert db.session.get(ValidationRequest, low_request.id).status == "open"


def test_mastered_below_the_estimate_with_a_sentence_is_recorded_as_an_override(client, auth, vw, low_request):
    auth.as_user(vw.validator)

    response = decide(client, low_request, outcome="mastered", level=3, citations=[vw.evidence[2].id],
                      override_rationale="The level-2 quiz was rushed; the interview showed level 3.")

    assert response.status_code == 302
    [decision] = decisions()
    assert decision.overrode_estimate and decision.override_kind == BELOW_MASTERY
    assert decision.override_rationale == "The level-2 quiz was rushed; the interview showed level 3."
    assert decision.estimate_value == 2.0  # the estimate as it was
    page = client.get(f"/validation/requests/{low_request.id}").text
    assert "Decided against the estimate or the evidence" in page
    assert "decided mastered while the estimate was below mastery" in page


def test_a_level_above_every_cited_piece_needs_a_sentence(client, auth, vw):
    request = vw.add_request()
    db.session.commit()
    auth.as_user(vw.validator)

    refused = decide(client, request, outcome="mastered", level=4, citations=[vw.evidence[2].id])
    assert refused.status_code == 200 and "Level 4 is above every piece you cited" in refused.text
    assert decisions() == []

    decide(client, request, outcome="mastered", level=4, citations=[vw.evidence[2].id],
           override_rationale="The project work, not yet logged, shows level 4.")
    [decision] = decisions()
    assert (decision.overrode_estimate, decision.override_kind) == (True, ABOVE_EVIDENCE)


def test_a_decision_that_agrees_with_the_evidence_is_not_an_override(client, auth, vw):
    request = vw.add_request()
    db.session.commit()
    auth.as_user(vw.validator)

    decide(client, request, outcome="mastered", level=3, citations=[vw.evidence[2].id],
           override_rationale="   ")

    [decision] = decisions()
    assert not decision.overrode_estimate and decision.override_kind is None and decision.override_rationale is None


# Proposing ------------------------------------------------------------------------------------

def test_proposing_after_a_single_formative_piece_warns_without_refusing(client, auth, vw):
    auth.as_user(vw.teacher)
    address = f"/learners/{vw.learner.id}/competencies/{vw.competency_two.id}/propose"
    vw.add_evidence(level=3, days_ago=1, competency=vw.competency_two)
    db.session.commit()

    page = client.get(address)
    assert page.status_code == 200 and 'id="single-formative"' in page.text

    response = client.post(address, data={"section_id": vw.section.id})
    assert response.status_code == 302
    assert db.session.scalar(select(ValidationRequest).where(
        ValidationRequest.competency_id == vw.competency_two.id)).status == "open"


def test_no_warning_with_more_than_one_piece(client, auth, vw):
    auth.as_user(vw.teacher)
    page = client.get(f"/learners/{vw.learner.id}/competencies/{vw.competency.id}/propose")
    assert page.status_code == 200 and 'id="single-formative"' not in page.text


def test_the_api_reads_the_override_back(client, auth, vw, low_request):
    from tracker.api.tokens import create_token

    auth.as_user(vw.validator)
    decide(client, low_request, outcome="mastered", level=3, citations=[vw.evidence[2].id],
           override_rationale="Seen in the interview.")
    token = create_token(vw.teacher, "test")[1]
    db.session.commit()
    client.get("/logout")

    body = client.get(f"/api/v1/learners/{vw.learner.id}/decisions",
                      headers={"Authorization": f"Bearer {token}"}).get_json()

    [answer] = body["decisions"]
    assert (answer["overrode_estimate"], answer["override_kind"], answer["override_rationale"]) == (
        True, "below_mastery", "Seen in the interview.")
