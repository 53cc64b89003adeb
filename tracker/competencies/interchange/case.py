"""CASE CFPackage import (1EdTech Competencies and Academic Standards Exchange); export is in
case_export.py, and the checks a package must pass in case_check.py.

Import (`import_package`) checks the whole package first (`case_check.check_package`, which
documents what is accepted and the `extensions` the tracker adds), then creates or updates, by
identifier, the framework (CFDocument), its competencies (CFItems), their places in the
hierarchy (isChildOf, ordered by sequenceNumber), prerequisites (precedes: "A precedes B" means
A is a prerequisite of B, a `Prerequisite(competency=B, prerequisite=A)`), rubrics (CFRubrics)
and every other association, kept as it came. It only flushes: the caller commits once, so a
package refused half-way leaves nothing behind. Items, prerequisites and associations that are
in the database but not in the package are left alone and counted as "not in the file".
"""
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...progressions.models import Prerequisite
from ..models import CaseAssociation, Competency, Framework, ProficiencyScale, RubricDescriptor, ScaleLevel
from ..scales import STANDARD_SCALE, ensure_default_scales
from ..service import framework_competencies, framework_prerequisites, rubrics_by_competency
from ..tree import find_cycle
from .case_check import CaseProblem, Plan, check_package, checked_case_parameter
from .case_export import _timestamp, child_of_identifier, export_package, precedes_identifier, urn

__all__ = ["CaseProblem", "import_package", "export_package"]

DEFAULT_METHOD = Framework.__table__.c.estimate_method.default.arg  # a new framework's, before it is flushed


def _counts() -> dict:
    return {"created": 0, "updated": 0, "unchanged": 0}


def _assign(obj, values: dict) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _name(competency: Competency) -> str:
    """How the update report names an item: its code, else its identifier."""
    return competency.code or competency.identifier


def _tally(counts: dict, created: bool, changed: bool) -> None:
    counts["created" if created else "updated" if changed else "unchanged"] += 1


def import_package(package, *, progress=None) -> dict:
    """Import a parsed CFPackage; returns the report (counts, warnings, framework id). Raises
    CaseProblem for a malformed package, or for one that would change a published framework."""
    plan: Plan = _without_generated(check_package(package))
    report_progress = progress or (lambda done, total, phase: None)
    report_progress(0, plan.total, "importing")
    framework = db.session.scalar(select(Framework).where(Framework.identifier == plan.document["identifier"]))
    created_framework = framework is None
    existing = {} if created_framework else {c.identifier: c for c in framework_competencies(framework)}
    identifier_of = {c.id: c.identifier for c in existing.values()}
    report = {"items": {**_counts(), "not_in_file": 0}, "associations": _counts(), "rubric_levels": 0,
              "item_changes": {"added": [], "changed": [], "gone": []},  # by code, for the update report
              "warnings": list(plan.warnings)}
    done = 0
    with db.session.no_autoflush:
        scale = _scale_for(plan, framework, report["warnings"])
        if created_framework:
            framework = Framework(identifier=plan.document["identifier"], status="draft", scale=scale)
            db.session.add(framework)
        document = dict(plan.document)
        if "estimate_method" in document or "estimate_parameter" in document:
            # One of the two may be absent: the framework keeps its own, and the pair must still fit.
            document["estimate_parameter"] = checked_case_parameter(
                document.get("estimate_method", framework.estimate_method or DEFAULT_METHOD),
                document.get("estimate_parameter", framework.estimate_parameter))
        document_extra = _without_own_stamp(plan.document_extra, None if created_framework else framework)
        framework_changed = _assign(framework, {**document, "case_extra": document_extra})
        if scale is not None and framework.scale_id != scale.id:
            framework.scale = scale
            framework_changed = True
        competencies: dict[str, Competency] = {}
        for item in plan.items:
            competency = existing.get(item.identifier)
            is_new = competency is None
            if is_new:
                competency = Competency(framework=framework, identifier=item.identifier)
                db.session.add(competency)
            placement = (identifier_of.get(competency.parent_id), competency.position,
                         competency.association_identifier)
            extra = item.extra if is_new else _without_own_stamp(item.extra, competency)
            changed = _assign(competency, {**item.values, "case_extra": extra, "position": item.position,
                                           "association_identifier": item.association_identifier,
                                           "case_unplaced": not item.placed})
            moved = not is_new and placement != (item.parent, item.position, item.association_identifier)
            competencies[item.identifier] = competency
            _tally(report["items"], is_new, changed or moved)
            if is_new or changed or moved:
                report["item_changes"]["added" if is_new else "changed"].append(_name(competency))
            if item.placed:
                _tally(report["associations"], is_new, moved)
            done += 1
            report_progress(done, plan.total, "importing")
        for item in plan.items:
            parent = competencies[item.parent] if item.parent else None
            if competencies[item.identifier].parent is not parent:
                competencies[item.identifier].parent = parent
        gone = [existing[identifier] for identifier in existing if identifier not in competencies]
        report["items"]["not_in_file"] = len(gone)
        report["item_changes"]["gone"] = [_name(competency) for competency in gone]
        report["rubric_levels"] = _import_rubrics(plan, competencies, framework, created_framework)
        done = _import_precedes(plan, framework, competencies, identifier_of, created_framework, report,
                                done, report_progress)
        _import_kept(plan, framework, created_framework, report, done, report_progress)
    changed_anything = framework_changed or report["rubric_levels"] or any(
        counts["created"] or counts["updated"] for counts in (report["items"], report["associations"]))
    if not created_framework and not framework.is_editable and changed_anything:
        raise CaseProblem("$.CFDocument.identifier", _(
            "“%(title)s” is already in the tracker and is %(status)s, so this package cannot change it. "
            "Create a new version of it first, or retire it.", title=framework.title, status=framework.status))
    report_progress(plan.total, plan.total, "saving")
    db.session.flush()
    report.update(framework_id=framework.id, framework_title=framework.title, framework_created=created_framework,
                  framework_updated=bool(framework_changed and not created_framework),
                  legacy_identifiers=plan.legacy_identifiers)
    return report


def _without_generated(plan: Plan) -> Plan:
    """Forget what an export of the tracker made up (urn:uuid URIs, name-based association
    identifiers), so that importing the tracker's own export changes nothing."""
    def clean(extra, identifier):
        if extra and extra.get("uri") == urn(identifier):
            extra = {key: value for key, value in extra.items() if key != "uri"} or None
        return extra

    document = plan.document["identifier"]
    plan.document_extra = clean(plan.document_extra, document)
    package_uri = (plan.document_extra or {}).get("CFPackageURI")
    if isinstance(package_uri, dict) and package_uri.get("uri") == urn(document):
        plan.document_extra = {k: v for k, v in plan.document_extra.items() if k != "CFPackageURI"} or None
    for item in plan.items:
        item.extra = clean(item.extra, item.identifier)
        if item.association_identifier == child_of_identifier(item.identifier, item.parent or document):
            item.association_identifier = None
    plan.precedes = [(None if identifier == precedes_identifier(before, after) else identifier, before, after)
                     for identifier, before, after in plan.precedes]
    return plan


def _without_own_stamp(extra: dict | None, record) -> dict | None:
    """`extra` without a lastChangeDateTime that is only this tracker's own export time of `record`
    (it has no publisher's date), so importing the tracker's own export changes nothing."""
    if record is None or not extra or "lastChangeDateTime" in (record.case_extra or {}):
        return extra
    if extra.get("lastChangeDateTime") == _timestamp(record.updated_at or record.created_at):
        return {key: value for key, value in extra.items() if key != "lastChangeDateTime"} or None
    return extra


def _scale_for(plan: Plan, framework: Framework | None, warnings: list) -> ProficiencyScale | None:
    """The scale named in the package (created when new), else the framework's, else the default."""
    if plan.scale is None:
        if framework is not None:
            return None
        return ensure_default_scales()[STANDARD_SCALE]
    scale = db.session.scalar(select(ProficiencyScale).where(ProficiencyScale.name == plan.scale["name"]))
    if scale is None:
        scale = ProficiencyScale(name=plan.scale["name"], mastery_threshold=plan.scale["mastery_threshold"])
        scale.levels = [ScaleLevel(number=n, label=label, descriptor=text) for n, label, text in plan.scale["levels"]]
        db.session.add(scale)
    elif sorted((level.number, level.label) for level in scale.levels) != sorted(
            (n, label) for n, label, _text in plan.scale["levels"]):
        warnings.append(_("The scale “%(name)s” already exists here with other levels; the existing "
                          "scale is used.", name=scale.name))
    return scale


def _import_rubrics(plan, competencies, framework, created_framework) -> int:
    if not plan.rubrics:
        return 0
    current = {} if created_framework else rubrics_by_competency(framework)
    changed = 0
    for identifier, levels in plan.rubrics.items():
        competency = competencies[identifier]
        if current.get(competency.id, {}) == levels:
            continue
        competency.rubric = [RubricDescriptor(level_number=n, descriptor=text) for n, text in sorted(levels.items())]
        changed += len(levels)
    return changed


def _import_precedes(plan, framework, competencies, identifier_of, created_framework, report, done, progress):
    edges = [] if created_framework else list(framework_prerequisites(framework))
    by_identifier = {edge.identifier: edge for edge in edges if edge.identifier}
    by_pair = {(identifier_of[edge.prerequisite_id], identifier_of[edge.competency_id]): edge for edge in edges}
    matched = set()
    for identifier, before, after in plan.precedes:
        edge = by_identifier.get(identifier) or by_pair.get((before, after))
        if edge is None:
            edge = Prerequisite(competency=competencies[after], prerequisite=competencies[before],
                                identifier=identifier)
            db.session.add(edge)
            _tally(report["associations"], True, True)
        else:
            matched.add(edge.id)
            ends = (identifier_of.get(edge.competency_id), identifier_of.get(edge.prerequisite_id))
            changed = ends != (after, before)
            if changed:
                edge.competency, edge.prerequisite = competencies[after], competencies[before]
            changed = _assign(edge, {"identifier": identifier}) or changed
            _tally(report["associations"], False, changed)
        done += 1
        progress(done, plan.total, "importing")
    others = [(identifier_of[e.prerequisite_id], identifier_of[e.competency_id]) for e in edges if e.id not in matched]
    cycle = find_cycle([(before, after) for _id, before, after in plan.precedes] + others)
    if cycle:
        names = [competencies[node].code or node if node in competencies else node for node in cycle]
        raise CaseProblem("$.CFAssociations", _("Together with the prerequisites already in the tracker, "
                                                "precedes makes a loop: %(loop)s", loop=" → ".join(names)))
    report["associations"]["not_in_file"] = len(others)
    return done


def _import_kept(plan, framework, created_framework, report, done, progress) -> None:
    existing = {} if created_framework else {a.identifier: a for a in db.session.scalars(
        select(CaseAssociation).where(CaseAssociation.framework_id == framework.id))}
    for data in plan.kept:
        association = existing.get(data["identifier"])
        if association is None:
            db.session.add(CaseAssociation(framework=framework, identifier=data["identifier"],
                                           association_type=data.get("associationType") or "", data=data))
            _tally(report["associations"], True, True)
        else:
            changed = _assign(association, {"association_type": data.get("associationType") or "", "data": data})
            _tally(report["associations"], False, changed)
        done += 1
        progress(done, plan.total, "importing")
    report["associations"]["not_in_file"] += len(set(existing) - {d["identifier"] for d in plan.kept})
