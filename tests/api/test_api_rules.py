"""The API keeps the pages' rules: evidence only where the form takes it, drafts for staff only."""
import pytest
from sqlalchemy import func, select

from tracker.competencies.models import Competency, Framework
from tracker.competencies.picker import option_ids, picker_groups
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .conftest import bearer


@pytest.fixture
def frameworks(school):
    scale = school["framework"].scale
    educator = Framework(title="Educator", scale=scale, status="published", is_educator_framework=True)
    draft = Framework(title="Draft science", scale=scale, status="draft")
    retired = Framework(title="Old math", scale=scale, status="retired")
    competencies = {name: Competency(framework=f, code=name, statement=name)
                    for name, f in (("EDU.1", educator), ("SCI.1", draft), ("OLD.1", retired))}
    db.session.add_all([educator, draft, retired, *competencies.values()])
    db.session.commit()
    return dict(educator=educator, draft=draft, retired=retired, **competencies)


def _post(client, school, competency_id):
    return client.post(f"/api/v1/learners/{school['learner'].id}/evidence", headers=bearer(school["tokens"]["teacher"]),
                       json={"competency_id": competency_id, "level": 3})


@pytest.mark.parametrize("code", ["EDU.1", "OLD.1"])
def test_the_api_refuses_evidence_on_a_competency_the_form_does_not_offer(client, school, frameworks, code):
    response = _post(client, school, frameworks[code].id)
    assert response.status_code == 400
    assert "competency_id" in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_the_api_and_the_form_accept_the_same_competencies(client, school, frameworks):
    learner = school["learner"]
    offered = option_ids(picker_groups(educator=learner.is_educator))
    for competency in db.session.scalars(select(Competency)):
        accepted = _post(client, school, competency.id).status_code == 201
        assert accepted == (competency.id in offered), competency.code


@pytest.mark.parametrize("role", ["student", "guardian"])
def test_students_and_guardians_do_not_read_draft_frameworks(client, school, frameworks, role):
    headers = bearer(school["tokens"][role])
    listed = {f["id"] for f in client.get("/api/v1/frameworks", headers=headers).get_json()["frameworks"]}
    assert frameworks["draft"].id not in listed and school["framework"].id in listed
    assert client.get(f"/api/v1/frameworks/{frameworks['draft'].id}", headers=headers).status_code == 403
    assert client.get(f"/api/v1/competencies/{frameworks['SCI.1'].id}", headers=headers).status_code == 403
    assert client.get(f"/api/v1/competencies/{school['ratios'].id}", headers=headers).status_code == 200


def test_staff_still_read_draft_frameworks(client, school, frameworks):
    headers = bearer(school["tokens"]["teacher"])
    listed = {f["id"] for f in client.get("/api/v1/frameworks", headers=headers).get_json()["frameworks"]}
    assert frameworks["draft"].id in listed
    assert client.get(f"/api/v1/frameworks/{frameworks['draft'].id}", headers=headers).status_code == 200
