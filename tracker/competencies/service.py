"""Frameworks and competencies: create, edit, move, version. Functions flush, never commit.

Problems a person can fix are raised as FieldProblem(field, message) so that a view can
show them next to the form field they belong to.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from .translation import set_translations
from ..extensions import db
from ..form_helpers import FieldProblem
from ..progressions.models import Prerequisite
from .models import (
    COMPETENCY_KINDS, DEPTH_LEVELS, ROLLUP_RULES, Competency, Framework, ProficiencyScale, RubricDescriptor,
)
from .tree import build_tree, descendant_ids, filter_tree, walk

FRAMEWORK_FIELDS = ("title", "subject", "version", "source", "description", "status", "scale_id",
                    "estimate_method", "estimate_parameter", "min_evidence")
COMPETENCY_FIELDS = ("code", "statement", "student_statement", "item_type", "kind", "depth_level",
                     "cross_cutting", "rollup_rule", "rollup_points_needed", "points")


class FrameworkLocked(ValueError):
    """The framework is published or retired: it changes only through a new version."""


def ensure_editable(framework: Framework) -> None:
    if not framework.is_editable:
        raise FrameworkLocked(_("“%(title)s” is %(status)s and cannot be changed; create a new "
                                "version to change it.", title=framework.title,
                                status=status_label(framework.status)))


def status_label(status: str) -> str:
    return {"draft": _("draft"), "published": _("published"), "retired": _("retired")}.get(status, status)


# Frameworks ----------------------------------------------------------------------------

def list_frameworks() -> list[tuple[Framework, int]]:
    """Every framework with its number of competencies (two queries), newest title first by status."""
    counts = dict(db.session.execute(
        select(Competency.framework_id, func.count(Competency.id)).group_by(Competency.framework_id)).all())
    frameworks = db.session.scalars(select(Framework).order_by(Framework.title, Framework.id)).all()
    return [(framework, counts.get(framework.id, 0)) for framework in frameworks]


def _check_scale(scale_id) -> None:
    if scale_id is None or db.session.get(ProficiencyScale, scale_id) is None:
        raise FieldProblem("scale_id", _("Choose a proficiency scale."))


def create_framework(data: dict) -> Framework:
    """A new framework (a draft unless `data` says otherwise) from the form's values."""
    _check_scale(data.get("scale_id"))
    framework = Framework(**{key: data[key] for key in FRAMEWORK_FIELDS if key in data})
    framework.status = data.get("status") or "draft"
    db.session.add(framework)
    db.session.flush()
    return framework


def update_framework(framework: Framework, data: dict) -> Framework:
    """Change a draft framework's details (publishing it is setting status to published)."""
    ensure_editable(framework)
    _check_scale(data.get("scale_id", framework.scale_id))
    for key in FRAMEWORK_FIELDS:
        if key in data:
            setattr(framework, key, data[key])
    db.session.flush()
    return framework


def retire_framework(framework: Framework) -> None:
    """A published framework leaves use; it stays readable, and evidence keeps pointing at it."""
    if framework.status != "published":
        raise FrameworkLocked(_("Only a published framework can be retired."))
    framework.status = "retired"
    db.session.flush()


# Competencies --------------------------------------------------------------------------

def framework_competencies(framework: Framework) -> list[Competency]:
    """Every competency of the framework, in sibling order (one query)."""
    return list(db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)
                                   .order_by(Competency.position, Competency.id)))


def framework_prerequisites(framework: Framework):
    """Prerequisite edges whose two ends are in this framework (one query)."""
    from sqlalchemy.orm import aliased


    needed = aliased(Competency)
    return db.session.scalars(
        select(Prerequisite)
        .join(Competency, Competency.id == Prerequisite.competency_id)
        .join(needed, needed.id == Prerequisite.prerequisite_id)
        .where(Competency.framework_id == framework.id, needed.framework_id == framework.id)
        .order_by(Prerequisite.id)).all()


def framework_tree(framework: Framework, q: str = ""):
    """The framework's competencies as a tree, cut down to matches of `q` (code or text) when
    given; returns (roots, number of matches, number of competencies). One query."""
    competencies = framework_competencies(framework)
    roots, matches = filter_tree(build_tree(competencies), q)
    return roots, matches, len(competencies)


def prerequisite_labels(framework: Framework) -> dict[int, list[str]]:
    """{competency id: codes (or statements) of the competencies it needs first}. Two queries."""
    labels = dict(db.session.execute(
        select(Competency.id, func.coalesce(Competency.code, Competency.statement))
        .where(Competency.framework_id == framework.id)).all())
    needs: dict[int, list[str]] = {}
    for edge in framework_prerequisites(framework):
        needs.setdefault(edge.competency_id, []).append(labels[edge.prerequisite_id][:60])
    return needs


def _check_parent(framework: Framework, competency: Competency | None, parent_id) -> Competency | None:
    if parent_id in (None, "", 0):
        return None
    parent = db.session.get(Competency, parent_id)
    if parent is None:
        raise FieldProblem("parent_id", _("The chosen parent does not exist."))
    if parent.framework_id != framework.id:
        raise FieldProblem("parent_id", _("The parent must be in the same framework (“%(label)s” is "
                                          "in another one).", label=parent.label))
    if competency is not None and competency.id is not None:
        if parent.id == competency.id:
            raise FieldProblem("parent_id", _("A competency cannot be its own parent."))
        if parent.id in descendant_ids(framework_competencies(framework), competency.id):
            raise FieldProblem("parent_id", _("“%(label)s” sits under this competency, so it cannot "
                                              "be its parent.", label=parent.label))
    return parent


def _check_values(framework: Framework, competency: Competency | None, data: dict) -> None:
    statement = (data.get("statement") or "").strip()
    if not statement:
        raise FieldProblem("statement", _("Write the statement."))
    if data.get("kind") not in COMPETENCY_KINDS:
        raise FieldProblem("kind", _("Choose knowledge, skill or disposition."))
    depth = data.get("depth_level")
    if depth and depth not in DEPTH_LEVELS:
        raise FieldProblem("depth_level", _("Choose a depth level from the list."))
    if depth and data.get("kind") != "knowledge":
        raise FieldProblem("depth_level", _("A depth level belongs to knowledge only; leave it "
                                            "empty for a skill or a disposition."))
    rule = data.get("rollup_rule") or "none"
    if rule not in ROLLUP_RULES:
        raise FieldProblem("rollup_rule", _("Choose a roll-up rule from the list."))
    needed = data.get("rollup_points_needed")
    if rule == "points" and (needed is None or needed < 1):
        raise FieldProblem("rollup_points_needed", _("Say how many points of the children mastered "
                                                     "are needed (1 or more)."))
    if rule != "points" and needed is not None:
        raise FieldProblem("rollup_points_needed", _("Points needed apply only to the “at least N "
                                                     "points” rule; leave it empty."))
    points = data.get("points")
    if points is not None and points < 0:
        raise FieldProblem("points", _("Points cannot be negative."))
    code = (data.get("code") or "").strip()
    if code:
        clash = db.session.scalar(select(Competency).where(
            Competency.framework_id == framework.id, Competency.code == code,
            Competency.id != (competency.id if competency is not None and competency.id else -1)))
        if clash is not None:
            raise FieldProblem("code", _("The code %(code)s is already used in this framework by "
                                         "“%(statement)s”.", code=code, statement=clash.statement))


def save_competency(framework: Framework, data: dict, competency: Competency | None = None) -> Competency:
    """Create (competency=None) or change a competency of a draft framework, placing it under
    `data["parent_id"]` at `data["position"]` (1 = first; None = last, or unchanged on edit)."""
    ensure_editable(framework)
    if competency is not None and competency.framework_id != framework.id:
        raise FieldProblem("parent_id", _("This competency belongs to another framework."))
    parent = _check_parent(framework, competency, data.get("parent_id"))
    _check_values(framework, competency, data)
    is_new = competency is None
    if is_new:
        competency = Competency(framework=framework)
        db.session.add(competency)
    for key in COMPETENCY_FIELDS:
        if key in data:
            value = data[key]
            if isinstance(value, str):
                value = value.strip() or None
            setattr(competency, key, value)
    competency.statement = competency.statement or ""
    competency.kind = competency.kind or "knowledge"
    competency.rollup_rule = competency.rollup_rule or "none"
    competency.points = 1 if competency.points is None else competency.points
    moved = is_new or parent_id_of(parent) != competency.parent_id or data.get("position") is not None
    if moved:
        move_competency(competency, parent, data.get("position"))
    db.session.flush()
    return competency


def parent_id_of(parent: Competency | None):
    return parent.id if parent is not None else None


def move_competency(competency: Competency, parent: Competency | None, position: int | None) -> None:
    """Put the competency under `parent` at `position` (1-based; None or past the end: last)
    and number its new and old siblings 1, 2, 3... in order."""
    old_parent_id = competency.parent_id
    db.session.flush()  # a new competency gets its id
    framework_id = competency.framework_id

    def siblings(parent_id):
        return list(db.session.scalars(select(Competency).where(
            Competency.framework_id == framework_id, Competency.parent_id.is_(None) if parent_id is None
            else Competency.parent_id == parent_id, Competency.id != competency.id)
            .order_by(Competency.position, Competency.id)))

    new_siblings = siblings(parent_id_of(parent))
    index = len(new_siblings) if position is None else max(0, min(position - 1, len(new_siblings)))
    new_siblings.insert(index, competency)
    if old_parent_id != parent_id_of(parent):
        competency.association_identifier = None  # a CASE isChildOf names the old parent
    competency.parent = parent
    competency.parent_id = parent_id_of(parent)
    for number, sibling in enumerate(new_siblings, start=1):
        sibling.position = number
    if old_parent_id != competency.parent_id:
        for number, sibling in enumerate(siblings(old_parent_id), start=1):
            sibling.position = number
    db.session.flush()


def parent_choices(framework: Framework, competency: Competency | None = None) -> list[tuple[int, str]]:
    """(id, label) of every competency that may be the parent, indented by depth, in tree order."""
    competencies = framework_competencies(framework)
    excluded = set()
    if competency is not None and competency.id is not None:
        excluded = descendant_ids(competencies, competency.id) | {competency.id}
    return [(node.id, "\u2003" * node.depth + node.item.label[:120])
            for node in walk(build_tree(competencies)) if node.id not in excluded]


# Rubrics -------------------------------------------------------------------------------

def save_rubric(competency: Competency, descriptors: dict[int, str], translations: dict[int, str] | None = None,
                lang: str = "es") -> None:
    """Set the competency's rubric: a descriptor per level number; an empty text removes it (and
    its translations). `translations` (level number -> text in `lang`) are kept beside them."""
    ensure_editable(competency.framework)
    numbers = {level.number for level in competency.framework.scale.levels}
    current = {d.level_number: d for d in competency.rubric}
    for number, text in descriptors.items():
        if number not in numbers:
            raise FieldProblem(f"level_{number}", _("Level %(n)s is not on this framework's scale.", n=number))
        text = (text or "").strip()
        if text and number in current:
            current[number].descriptor = text
        elif text:
            competency.rubric.append(RubricDescriptor(level_number=number, descriptor=text))
        elif number in current:
            competency.rubric.remove(current[number])
    db.session.flush()
    written = {d.level_number: d for d in competency.rubric}
    for number, text in (translations or {}).items():
        if number in written:
            set_translations(written[number], lang, {"descriptor": text})


def rubrics_by_competency(framework: Framework) -> dict[int, dict[int, str]]:
    """{competency id: {level number: descriptor}} for the whole framework (one query)."""
    rows = db.session.execute(
        select(RubricDescriptor.competency_id, RubricDescriptor.level_number, RubricDescriptor.descriptor)
        .join(Competency).where(Competency.framework_id == framework.id)).all()
    found: dict[int, dict[int, str]] = {}
    for competency_id, number, text in rows:
        found.setdefault(competency_id, {})[number] = text
    return found
