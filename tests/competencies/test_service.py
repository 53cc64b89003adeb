"""Framework, competency, rubric and scale services."""
import pytest
from sqlalchemy import func, select

from tracker.competencies import service
from tracker.competencies.models import Competency, RubricDescriptor
from tracker.competencies.scales import ensure_default_scales, save_scale, scale_is_locked
from tracker.competencies.versions import create_new_version, next_version_label
from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.progressions.models import Prerequisite


def data(**kw):
    values = {"code": None, "statement": "A statement", "student_statement": None, "item_type": None,
              "kind": "knowledge", "depth_level": None, "cross_cutting": False, "parent_id": None,
              "position": None, "rollup_rule": "none", "rollup_points_needed": None, "points": 1}
    values.update(kw)
    return values


def codes_in_order(framework, parent=None):
    return [c.code for c in service.framework_competencies(framework)
            if c.parent_id == (parent.id if parent else None)]


def test_create_framework_needs_a_scale(app, fw):
    scale = fw.scale()
    framework = service.create_framework({"title": "Math", "version": "1", "status": "draft", "scale_id": scale.id,
                                          "estimate_method": "latest", "estimate_parameter": None})
    assert framework.identifier and framework.status == "draft"
    with pytest.raises(FieldProblem) as problem:
        service.create_framework({"title": "No scale", "scale_id": 98765})
    assert problem.value.field == "scale_id"


def test_published_framework_is_locked(app, fw):
    framework = fw.framework(status="published")
    with pytest.raises(service.FrameworkLocked):
        service.update_framework(framework, {"title": "Changed"})
    with pytest.raises(service.FrameworkLocked):
        service.save_competency(framework, data())


def test_save_competency_places_it_last_or_at_a_position(app, fw):
    framework = fw.framework()
    a = service.save_competency(framework, data(code="A"))
    b = service.save_competency(framework, data(code="B"))
    c = service.save_competency(framework, data(code="C", position=1))
    assert codes_in_order(framework) == ["C", "A", "B"]
    assert [a.position, b.position, c.position] == [2, 3, 1]
    child = service.save_competency(framework, data(code="A.1", parent_id=a.id))
    assert child.parent_id == a.id and child.position == 1


def test_move_renumbers_old_and_new_siblings(app, fw):
    framework = fw.framework()
    a, b, c = (service.save_competency(framework, data(code=code)) for code in "ABC")
    service.save_competency(framework, data(code="B", parent_id=a.id), b)
    assert codes_in_order(framework) == ["A", "C"]
    assert [a.position, c.position] == [1, 2]
    assert b.parent_id == a.id and b.position == 1
    service.save_competency(framework, data(code="C", position=1), c)
    assert codes_in_order(framework) == ["C", "A"]


def test_parent_errors_are_clear(app, fw):
    framework, other = fw.framework(), fw.framework(title="Other")
    stranger = fw.competency(other, code="X.1")
    top = service.save_competency(framework, data(code="T"))
    middle = service.save_competency(framework, data(code="T.1", parent_id=top.id))
    low = service.save_competency(framework, data(code="T.1.a", parent_id=middle.id))
    with pytest.raises(FieldProblem, match="same framework") as problem:
        service.save_competency(framework, data(code="N", parent_id=stranger.id))
    assert problem.value.field == "parent_id"
    with pytest.raises(FieldProblem, match="own parent"):
        service.save_competency(framework, data(code="T", parent_id=top.id), top)
    with pytest.raises(FieldProblem, match="sits under this competency"):
        service.save_competency(framework, data(code="T", parent_id=low.id), top)
    with pytest.raises(FieldProblem, match="does not exist"):
        service.save_competency(framework, data(parent_id=987654))


@pytest.mark.parametrize("values, field", [
    (data(statement="  "), "statement"),
    (data(kind="skill", depth_level="recall"), "depth_level"),
    (data(rollup_rule="points"), "rollup_points_needed"),
    (data(rollup_rule="all", rollup_points_needed=3), "rollup_points_needed"),
    (data(points=-1), "points"),
    (data(kind="feeling"), "kind"),
])
def test_competency_value_errors(app, fw, values, field):
    framework = fw.framework()
    with pytest.raises(FieldProblem) as problem:
        service.save_competency(framework, values)
    assert problem.value.field == field


def test_codes_are_unique_in_a_framework(app, fw):
    framework = fw.framework()
    service.save_competency(framework, data(code="M.1"))
    with pytest.raises(FieldProblem, match="already used"):
        service.save_competency(framework, data(code="M.1"))
    service.save_competency(fw.framework(), data(code="M.1"))  # another framework may use it


def test_rollup_fields_are_saved(app, fw):
    framework = fw.framework()
    parent = service.save_competency(framework, data(code="P", rollup_rule="points", rollup_points_needed=3))
    child = service.save_competency(framework, data(code="P.1", parent_id=parent.id, points=2))
    assert (parent.rollup_rule, parent.rollup_points_needed, child.points) == ("points", 3, 2)


def test_new_version_copies_everything_with_new_ids_and_same_item_identifiers(app, fw):
    framework = fw.framework(status="published", version="1.4")
    domain, first, second = fw.tree(framework, domains=1, per_domain=2)
    first.rubric.append(RubricDescriptor(level_number=3, descriptor="Solves it alone"))
    db.session.add(Prerequisite(competency=second, prerequisite=first, identifier="edge-1"))
    db.session.flush()

    copy = create_new_version(framework)
    assert copy.status == "draft" and copy.version == "1.5" and copy.previous_version_id == framework.id
    assert copy.identifier != framework.identifier
    copied = {c.identifier: c for c in service.framework_competencies(copy)}
    assert set(copied) == {domain.identifier, first.identifier, second.identifier}
    assert not {c.id for c in copied.values()} & {domain.id, first.id, second.id}
    assert copied[first.identifier].parent_id == copied[domain.identifier].id
    assert [d.descriptor for d in copied[first.identifier].rubric] == ["Solves it alone"]
    edges = service.framework_prerequisites(copy)
    assert [(e.prerequisite_id, e.competency_id, e.identifier) for e in edges] == [
        (copied[first.identifier].id, copied[second.identifier].id, "edge-1")]
    # the old version is untouched
    assert db.session.scalar(select(func.count()).select_from(Competency).where(
        Competency.framework_id == framework.id)) == 3
    with pytest.raises(service.FrameworkLocked):
        create_new_version(copy)  # a draft is edited directly


@pytest.mark.parametrize("version, expected", [("1", "2"), ("2.3", "2.4"), ("", "2"), ("Fall", "Fall (new)")])
def test_next_version_label(version, expected):
    assert next_version_label(version) == expected


def test_retire(app, fw):
    framework = fw.framework(status="published")
    service.retire_framework(framework)
    assert framework.status == "retired"
    with pytest.raises(service.FrameworkLocked):
        service.retire_framework(fw.framework())


def test_rubric_saves_updates_and_removes(app, fw):
    framework = fw.framework()
    competency = fw.competency(framework, code="R")
    service.save_rubric(competency, {1: "Starts", 3: "Does it alone"})
    service.save_rubric(competency, {1: "", 3: "Does it alone, explains why"})
    assert service.rubrics_by_competency(framework) == {competency.id: {3: "Does it alone, explains why"}}
    with pytest.raises(FieldProblem):
        service.save_rubric(competency, {9: "Not a level"})


def test_default_scales(app):
    scales = ensure_default_scales()
    assert len(scales) == 2
    assert [level.label for level in scales["Educator badges (Explorer to Expert)"].levels] == [
        "Explorer", "Novice", "Experienced", "Expert"]
    assert ensure_default_scales().keys() == scales.keys()  # idempotent


def test_scale_rules(app, fw):
    levels = [(1, "Not yet", None), (2, "Almost", None), (3, "Got it", "Mastery")]
    scale = save_scale(None, name="Three steps", description="", mastery_threshold=3, levels=levels)
    assert [level.label for level in scale.levels] == ["Not yet", "Almost", "Got it"]
    for kwargs, field in [
        ({"mastery_threshold": 5}, "mastery_threshold"),
        ({"levels": [(1, "Only", None)]}, "levels"),
        ({"levels": [(1, "A", None), (1, "B", None)]}, "levels"),
        ({"name": "Three steps"}, "name"),
    ]:
        values = {"name": "Other", "description": None, "mastery_threshold": 1, "levels": levels, **kwargs}
        with pytest.raises(FieldProblem) as problem:
            save_scale(None, **values)
        assert problem.value.field == field


def test_scale_of_a_published_framework_keeps_its_levels(app, fw):
    scale = fw.scale()
    fw.framework(status="published", scale=scale)
    assert scale_is_locked(scale)
    same = [(level.number, level.label, "Better words") for level in scale.levels]
    save_scale(scale, name=scale.name, description=None, mastery_threshold=3, levels=same)
    assert scale.levels[0].descriptor == "Better words"
    with pytest.raises(FieldProblem):
        save_scale(scale, name=scale.name, description=None, mastery_threshold=3, levels=same[:3])
    with pytest.raises(FieldProblem):
        save_scale(scale, name=scale.name, description=None, mastery_threshold=2, levels=same)
