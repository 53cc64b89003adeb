"""A "mastered" decision opens the next steps of the learner's progression at once."""
import re

from tracker.extensions import db


def _states(text):
    """{step number: state} from the steps table of the learner's progression page."""
    return {int(n): state for state, n in re.findall(
        r'<tr class="step-row step-row--(\w+)">\s*<td[^>]*>\s*(\d+)\s*</td>', text)}


def test_mastered_decision_opens_the_next_step_for_the_learner(client, auth, vw):
    from tracker.competencies.models import Competency
    from tracker.progressions.models import Prerequisite, Progression, ProgressionStep

    third = Competency(framework=vw.framework, code="M.6.3", statement="Divide fractions", position=3)
    db.session.add(third)
    progression = Progression(framework=vw.framework, title="Fractions")
    progression.steps = [ProgressionStep(competency=c, position=i)
                         for i, c in enumerate([vw.competency, vw.competency_two, third], 1)]
    db.session.add_all([progression,
                        Prerequisite(competency=vw.competency_two, prerequisite=vw.competency),
                        Prerequisite(competency=third, prerequisite=vw.competency_two)])
    request = vw.add_request()
    db.session.commit()
    page_url = f"/learners/{vw.learner.id}/progressions/{progression.id}"

    auth.as_user(vw.student)
    before = _states(client.get(page_url).text)
    assert before == {1: "open", 2: "locked", 3: "locked"}

    auth.as_user(vw.validator)
    decided = client.post(f"/validation/requests/{request.id}/decide", data={
        "outcome": "mastered", "level": "3", "citations": [str(vw.evidence[2].id)],
        "rationale": "Independent and accurate."})
    assert decided.status_code == 302

    auth.as_user(vw.student)
    after = client.get(page_url).text
    assert _states(after) == {1: "mastered", 2: "open", 3: "locked"}
    assert "Ready to start" in after
