"""Framework, competency, rubric and scale pages."""
import pytest
from sqlalchemy import select

from tracker.competencies.models import Competency, Framework, ProficiencyScale
from tracker.extensions import db


def framework_form(scale, **kw):
    values = {"title": "Grade 6 math", "subject": "Math", "version": "1", "source": "District",
              "description": "", "status": "draft", "scale_id": str(scale.id),
              "estimate_method": "decaying_average", "estimate_parameter": "0.65"}
    values.update(kw)
    return values


def competency_form(**kw):
    values = {"code": "", "statement": "Understand ratios", "student_statement": "I can explain a ratio",
              "item_type": "", "kind": "knowledge", "depth_level": "", "parent_id": "None", "position": "",
              "rollup_rule": "none", "rollup_points_needed": "", "points": "1"}
    values.update(kw)
    return values


def test_list_and_nav_for_staff(client, auth, make, fw):
    framework = fw.framework(title="Habits of work")
    fw.tree(framework, domains=1, per_domain=2)
    validator = make.user("validator")
    db.session.commit()
    auth.as_user(validator)
    page = client.get("/frameworks").get_data(as_text=True)
    assert "Habits of work" in page and ">3<" in page
    assert 'href="/frameworks"' in page and "New framework" not in page  # validators read only


def test_create_framework_with_errors_then_success(client, auth, author, fw):
    scale = fw.scale()
    db.session.commit()
    auth.as_user(author)
    response = client.post("/frameworks/new", data=framework_form(scale, title="", estimate_method="n_times",
                                                                  estimate_parameter="2.5"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required" in page and "n is a whole number" in page
    response = client.post("/frameworks/new", data=framework_form(scale, scale_id="98765"))
    assert "Choose a proficiency scale" in response.get_data(as_text=True)
    response = client.post("/frameworks/new", data=framework_form(scale))
    assert response.status_code == 302
    framework = db.session.scalar(select(Framework))
    assert (framework.title, framework.status, framework.estimate_parameter) == ("Grade 6 math", "draft", 0.65)


def test_teacher_without_authoring_right_gets_403(client, auth, make, fw):
    framework = fw.framework()
    competency = fw.competency(framework)
    teacher = make.user("teacher")
    db.session.commit()
    auth.as_user(teacher)
    assert client.get("/frameworks").status_code == 200
    for url in ("/frameworks/new", f"/frameworks/{framework.id}/edit", f"/competencies/{competency.id}/edit",
                f"/frameworks/{framework.id}/competencies/new", "/frameworks/import", "/scales/new"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/frameworks/{framework.id}/new-version").status_code == 403


def test_published_framework_is_read_only_except_new_version(client, auth, author, fw):
    framework = fw.framework(status="published", title="Published one")
    competency = fw.competency(framework, code="P.1")
    db.session.commit()
    auth.as_user(author)
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "read-only" in page and "Create a new version" in page
    assert f"/competencies/{competency.id}/edit" not in page and "Add a competency" not in page
    for url in (f"/frameworks/{framework.id}/edit", f"/competencies/{competency.id}/edit",
                f"/competencies/{competency.id}/rubric", f"/frameworks/{framework.id}/competencies/new",
                f"/frameworks/{framework.id}/import-csv"):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={}).status_code == 403, url
    response = client.post(f"/frameworks/{framework.id}/new-version")
    assert response.status_code == 302
    copy = db.session.scalar(select(Framework).where(Framework.previous_version_id == framework.id))
    assert copy.status == "draft" and response.location.endswith(f"/frameworks/{copy.id}")
    assert client.get(f"/frameworks/{copy.id}/edit").status_code == 200


def test_publish_and_retire(client, auth, author, fw):
    framework = fw.framework()
    db.session.commit()
    auth.as_user(author)
    client.post(f"/frameworks/{framework.id}/edit", data=framework_form(framework.scale, status="published"))
    db.session.expire_all()
    assert db.session.get(Framework, framework.id).status == "published"
    client.post(f"/frameworks/{framework.id}/retire")
    db.session.expire_all()
    assert db.session.get(Framework, framework.id).status == "retired"


def test_competency_form_errors_and_move(client, auth, author, fw):
    framework, other = fw.framework(), fw.framework(title="Other")
    top = fw.competency(framework, code="T")
    child = fw.competency(framework, code="T.1", parent=top)
    stranger = fw.competency(other, code="X")
    db.session.commit()
    auth.as_user(author)
    page = client.get(f"/frameworks/{framework.id}/competencies/new?parent_id={top.id}").get_data(as_text=True)
    assert f'<option selected value="{top.id}">' in page or f'value="{top.id}" selected' in page
    # a parent that sits under the competency, from another framework, a code already in use
    cases = [(f"/competencies/{top.id}/edit", competency_form(code="T", parent_id=str(child.id)), "sits under"),
             (f"/frameworks/{framework.id}/competencies/new", competency_form(parent_id=str(stranger.id)),
              "same framework"),
             (f"/frameworks/{framework.id}/competencies/new", competency_form(code="T.1"), "already used"),
             (f"/frameworks/{framework.id}/competencies/new", competency_form(kind="skill", depth_level="recall"),
              "knowledge only"),
             (f"/frameworks/{framework.id}/competencies/new", competency_form(rollup_rule="points"), "points"),
             (f"/frameworks/{framework.id}/competencies/new", competency_form(statement=""), "required")]
    for url, data, message in cases:
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and message in page, message
        assert 'class="error-summary"' in page
    response = client.post(f"/frameworks/{framework.id}/competencies/new",
                           data=competency_form(code="T.0", parent_id=str(top.id), position="1",
                                                rollup_rule="points", rollup_points_needed="2", points="3"))
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.scalar(select(Competency).where(Competency.code == "T.0"))
    assert (new.parent_id, new.position, new.rollup_points_needed, new.points) == (top.id, 1, 2, 3)
    assert db.session.get(Competency, child.id).position == 2


def test_rubric_form(client, auth, author, fw):
    framework = fw.framework()
    competency = fw.competency(framework, code="R")
    db.session.commit()
    auth.as_user(author)
    page = client.get(f"/competencies/{competency.id}/rubric").get_data(as_text=True)
    assert "3 Proficient" in page
    client.post(f"/competencies/{competency.id}/rubric", data={"level_3": "Explains it to a friend"})
    db.session.expire_all()
    assert [d.descriptor for d in db.session.get(Competency, competency.id).rubric] == ["Explains it to a friend"]


def test_tree_search(client, auth, author, fw):
    framework = fw.framework()
    fw.tree(framework, domains=2, per_domain=3)
    db.session.commit()
    auth.as_user(author)
    page = client.get(f"/frameworks/{framework.id}?q=D2.3").get_data(as_text=True)
    assert "1 competency matches" in page
    assert "Competency 2.3" in page and "Competency 1.1" not in page
    assert "<details open>" in page
    page = client.get(f"/frameworks/{framework.id}?q=i+can+do+1.2").get_data(as_text=True)
    assert "Competency 1.2" in page and "Competency 2.2" not in page
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert page.count("<details>") == 2 and "I can do 1.1" in page


def test_tree_shows_prerequisites(client, auth, author, fw):
    from tracker.progressions.models import Prerequisite

    framework = fw.framework()
    _domain, first, second = fw.tree(framework, domains=1, per_domain=2)
    db.session.add(Prerequisite(competency=second, prerequisite=first))
    db.session.commit()
    auth.as_user(author)
    page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
    assert "Needs first:</span> D1.1" in page


def test_tree_page_queries_do_not_grow(client, auth, author, fw, count_queries):
    small, large = fw.framework(), fw.framework()
    from tracker.progressions.models import Prerequisite

    for framework, domains, per_domain in ((small, 2, 2), (large, 8, 12)):
        made = fw.tree(framework, domains=domains, per_domain=per_domain)
        db.session.add_all(Prerequisite(competency=b, prerequisite=a) for a, b in zip(made[1:], made[2:])
                           if a.parent_id and b.parent_id)
        for competency in made[1::3]:
            competency.cross_cutting, competency.depth_level = True, "recall"
    db.session.commit()
    auth.as_user(author)
    counts = []
    for framework in (small, large):
        client.get(f"/frameworks/{framework.id}")  # warm up
        with count_queries() as counter:
            assert client.get(f"/frameworks/{framework.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 10, counts


def test_student_view(client, auth, make, fw):
    published = fw.framework(status="published", title="Math for students")
    domain, first, _second = fw.tree(published, domains=1, per_domain=2)
    draft = fw.framework(title="Secret draft")
    fw.competency(draft, statement="Not for students yet")
    from tracker.competencies.models import RubricDescriptor
    first.rubric.append(RubricDescriptor(level_number=3, descriptor="Explains 1.1 to a friend"))
    guardian = make.user("guardian")
    db.session.commit()
    auth.as_user(guardian)
    page = client.get(f"/frameworks/{published.id}/student").get_data(as_text=True)
    assert "I can do 1.1" in page and "Explains 1.1 to a friend" in page and "Proficient" in page
    page = client.get(f"/frameworks/{draft.id}/student").get_data(as_text=True)
    assert "still preparing" in page and "Not for students yet" not in page
    assert client.get(f"/frameworks/{published.id}").status_code == 403  # the staff tree


def test_exports_are_downloads(client, auth, make, fw):
    framework = fw.framework(title="Export me")
    fw.tree(framework, domains=1, per_domain=1)
    validator = make.user("validator")
    db.session.commit()
    auth.as_user(validator)
    response = client.get(f"/frameworks/{framework.id}/export.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="export-me-v1.case.json"'
    assert response.json["CFDocument"]["title"] == "Export me" and len(response.json["CFItems"]) == 2
    response = client.get(f"/frameworks/{framework.id}/export.csv")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).lstrip("\ufeff").startswith("code,parent_code,statement")


def test_scale_pages(client, auth, author, fw):
    auth.as_user(author)
    page = client.get("/scales").get_data(as_text=True)
    assert "Explorer" in page and "Proficient" in page  # the defaults appear
    data = {"name": "Three steps", "description": "", "mastery_threshold": "5",
            "levels-0-number": "1", "levels-0-label": "Not yet", "levels-0-descriptor": "",
            "levels-1-number": "2", "levels-1-label": "Almost", "levels-1-descriptor": "",
            "levels-2-number": "3", "levels-2-label": "", "levels-2-descriptor": "",
            "levels-3-number": "", "levels-3-label": "", "levels-3-descriptor": ""}
    page = client.post("/scales/new", data=data).get_data(as_text=True)
    assert "Row 3: give both a number and a label" in page
    data["levels-2-label"] = "Got it"
    page = client.post("/scales/new", data=data).get_data(as_text=True)
    assert "must be one of the level numbers (1, 2, 3)" in page
    data["mastery_threshold"] = "3"
    assert client.post("/scales/new", data=data).status_code == 302
    scale = db.session.scalar(select(ProficiencyScale).where(ProficiencyScale.name == "Three steps"))
    assert [level.label for level in scale.levels] == ["Not yet", "Almost", "Got it"]
    page = client.get(f"/scales/{scale.id}/edit").get_data(as_text=True)
    assert 'value="Got it"' in page


def test_a_weight_of_1_is_kept_and_shown_as_1_everywhere(client, auth, author, fw):
    scale = fw.scale()
    db.session.commit()
    auth.as_user(author)
    response = client.post("/frameworks/new", data=framework_form(scale, estimate_parameter="1"))
    assert response.status_code == 302
    framework = db.session.scalar(select(Framework))
    assert framework.estimate_parameter == 1.0
    from tracker.evidence.lists import method_description
    from tracker.mastery.estimates import estimate

    assert "w = 1" in method_description(framework) and "0.65" not in method_description(framework)
    assert estimate(framework.estimate_method, [4, 1, 3, 2], parameter=framework.estimate_parameter,
                    threshold=3, min_level=1, max_level=4) == 2


@pytest.mark.parametrize(("method", "parameter", "words"), [
    ("decaying_average", "1.5", "weight w"), ("weighted_average", "0", "weight w"),
    ("n_times", "0.65", "n is a whole number"), ("best_n", "", "n is a whole number"),
])
def test_a_bad_method_parameter_is_a_field_error_and_nothing_changes(client, auth, author, fw, method, parameter,
                                                                      words):
    framework = fw.framework(estimate_method="decaying_average", estimate_parameter=0.5)
    db.session.commit()
    auth.as_user(author)
    response = client.post(f"/frameworks/{framework.id}/edit",
                           data=framework_form(framework.scale, estimate_method=method, estimate_parameter=parameter))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and words in page
    assert 'id="estimate_parameter-error"' in page or "estimate_parameter" in page.split(words)[0][-2000:]
    db.session.expire_all()
    assert (framework.estimate_method, framework.estimate_parameter) == ("decaying_average", 0.5)
