"""A section's learners: the one reader of who is in a section.

A learner is in a section while the enrollment is active. Whether a learner who has left the
school (an inactive learner, kept for history) still counts is a choice every caller makes
out loud with `include_inactive`: pages, counts, flags, invitations and CSVs pass False, so a
teacher sees the same learners on every page; only history-keeping callers may pass True.
The admin's enrollment list (`service.section_enrollments`) is about enrollments, not
learners, and shows the inactive ones on purpose.
"""
from sqlalchemy import func, select

from ..extensions import db
from .models import Enrollment, Learner

ROSTER_ORDER = (Learner.family_name, Learner.given_name, Learner.id)


def _membership(section_condition, include_inactive: bool) -> list:
    conditions = [section_condition, Enrollment.active.is_(True)]
    if not include_inactive:
        conditions.append(Learner.active.is_(True))
    return conditions


def learner_ids_select(section_id, *, include_inactive: bool):
    """The SELECT of the section's learners' ids, for use as a subquery (`Learner.id.in_(...)`).

    `section_id` may be a value or a column (`Section.id`) to correlate with."""
    return (select(Enrollment.learner_id).join(Learner, Learner.id == Enrollment.learner_id)
            .where(*_membership(Enrollment.section_id == section_id, include_inactive)))


def learner_count(section_id, *, include_inactive: bool):
    """A scalar subquery counting the section's learners; pass `Section.id` to count per row."""
    return (select(func.count(Enrollment.id)).join(Learner, Learner.id == Enrollment.learner_id)
            .where(*_membership(Enrollment.section_id == section_id, include_inactive))
            .scalar_subquery())


def section_learners(section, *, include_inactive: bool) -> list[Learner]:
    """The section's learners in roster order (family name, given name), in one query."""
    return list(db.session.scalars(
        select(Learner).join(Enrollment, Enrollment.learner_id == Learner.id)
        .where(*_membership(Enrollment.section_id == section.id, include_inactive))
        .order_by(*ROSTER_ORDER)))


def learners_by_section(section_ids, *, include_inactive: bool) -> dict[int, list[Learner]]:
    """{section id: its learners in roster order} for the given sections, in one query."""
    grouped: dict[int, list[Learner]] = {section_id: [] for section_id in section_ids}
    if not grouped:
        return grouped
    rows = db.session.execute(
        select(Enrollment.section_id, Learner).join(Learner, Learner.id == Enrollment.learner_id)
        .where(*_membership(Enrollment.section_id.in_(list(grouped)), include_inactive))
        .order_by(*ROSTER_ORDER))
    for section_id, learner in rows:
        grouped[section_id].append(learner)
    return grouped


def learner_counts(section_ids, *, include_inactive: bool) -> dict[int, int]:
    """{section id: how many learners} for the given sections that have any, in one query."""
    if not section_ids:
        return {}
    rows = db.session.execute(
        select(Enrollment.section_id, func.count(Enrollment.id))
        .join(Learner, Learner.id == Enrollment.learner_id)
        .where(*_membership(Enrollment.section_id.in_(list(section_ids)), include_inactive))
        .group_by(Enrollment.section_id))
    return {section_id: count for section_id, count in rows}
