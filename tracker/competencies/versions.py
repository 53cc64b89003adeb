"""New versions of published frameworks. Functions flush, never commit."""
import re

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..progressions.models import Prerequisite
from .models import CaseAssociation, Competency, Framework, RubricDescriptor, new_identifier
from .service import COMPETENCY_FIELDS, FrameworkLocked, framework_competencies, framework_prerequisites


def next_version_label(version: str | None) -> str:
    """'1' -> '2', '2.3' -> '2.4', 'Fall 2025' -> 'Fall 2025 (new)'."""
    version = (version or "").strip()
    found = re.search(r"(\d+)$", version)
    if not found:
        return f"{version} (new)" if version else "2"
    return version[:found.start()] + str(int(found.group(1)) + 1)


def create_new_version(framework: Framework) -> Framework:
    """A draft copy of a published or retired framework, to be edited and published in turn.

    The copy gets a new framework identifier and new database ids, so evidence recorded against
    the old version keeps pointing at the old version; competencies keep their identifiers
    (a CASE item is the same item in the next version), as do rubrics, prerequisites inside
    the framework and kept CASE associations. `previous_version_id` links the two.
    """
    if framework.status == "draft":
        raise FrameworkLocked(_("This framework is still a draft: edit it directly."))
    copy = Framework(
        identifier=new_identifier(), title=framework.title, subject=framework.subject,
        version=next_version_label(framework.version), source=framework.source,
        description=framework.description, status="draft", scale_id=framework.scale_id,
        estimate_method=framework.estimate_method, estimate_parameter=framework.estimate_parameter,
        min_evidence=framework.min_evidence,
        is_educator_framework=framework.is_educator_framework, previous_version_id=framework.id,
        case_extra=_without_uri(framework.case_extra),
    )
    db.session.add(copy)
    competencies = framework_competencies(framework)
    rubric = db.session.scalars(select(RubricDescriptor).join(Competency).where(
        Competency.framework_id == framework.id)).all()
    old_to_new: dict[int, Competency] = {}
    for old in competencies:
        new = Competency(framework=copy, identifier=old.identifier, position=old.position,
                         association_identifier=old.association_identifier,
                         case_extra=_without_uri(old.case_extra),
                         **{key: getattr(old, key) for key in COMPETENCY_FIELDS})
        old_to_new[old.id] = new
        db.session.add(new)
    for old in competencies:
        if old.parent_id is not None:
            old_to_new[old.id].parent = old_to_new[old.parent_id]
    for descriptor in rubric:
        old_to_new[descriptor.competency_id].rubric.append(
            RubricDescriptor(level_number=descriptor.level_number, descriptor=descriptor.descriptor))
    db.session.flush()
    for edge in framework_prerequisites(framework):
        db.session.add(Prerequisite(competency_id=old_to_new[edge.competency_id].id,
                                    prerequisite_id=old_to_new[edge.prerequisite_id].id,
                                    identifier=edge.identifier))
    for kept in db.session.scalars(select(CaseAssociation).where(CaseAssociation.framework_id == framework.id)):
        db.session.add(CaseAssociation(framework_id=copy.id, identifier=kept.identifier,
                                       association_type=kept.association_type, data=dict(kept.data)))
    db.session.flush()
    return copy



def _without_uri(extra: dict | None) -> dict | None:
    """CASE properties for a copy: the old uri named the old version, so it is not carried."""
    if not extra:
        return extra
    return {key: value for key, value in extra.items() if key != "uri"} or None
