"""Writing a planned OneRoster import: bulk inserts and updates in dependency order.

Runs inside the caller's transaction and only flushes; the caller commits once, so an
import is applied whole or not at all. Nothing is ever deleted: a record the SIS drops is
marked inactive.
"""
from sqlalchemy import delete, insert, update

from ...auth.models import User, UserRole
from ...auth.service import end_every_sign_in_of
from ...extensions import db
from ..models import (
    Enrollment, EquityAttributes, GuardianLink, Learner, School, Section, SectionTerm, TeachingAssignment, Term,
)
from .map import ENTITIES
from .plan import Change, Plan

BATCH = 1000
MODELS = {
    "school": School, "term": Term, "section": Section, "user": User, "learner": Learner,
    "equity": EquityAttributes, "enrollment": Enrollment, "teaching_assignment": TeachingAssignment,
    "guardian_link": GuardianLink,
}
# A field of the plan that names another record -> (column, kind of record it names).
REFERENCES = {"school": ("school_id", "school"), "term": ("term_id", "term"), "section": ("section_id", "section"),
              "learner": ("learner_id", "learner"), "user": ("user_id", "user")}
# Records keyed by the records they join, not by a sourcedId of their own.
KEY_COLUMNS = {
    "equity": (("learner_id", "learner"),),
    "teaching_assignment": (("section_id", "section"), ("user_id", "user")),
    "guardian_link": (("guardian_id", "user"), ("learner_id", "learner")),
}


class PlanHasErrors(ValueError):
    pass


def apply_plan(plan: Plan, progress=None) -> dict:
    """Write the plan's changes; return the counts written per kind of record and action."""
    if plan.errors:
        raise PlanHasErrors(f"{len(plan.errors)} errors in the files")
    writer = _Writer(plan, progress)
    for entity in ENTITIES:
        writer.write(entity)
    db.session.flush()
    return {entity: {action: len(items) for action, items in plan.changes[entity].items()} for entity in ENTITIES}


class _Writer:
    def __init__(self, plan: Plan, progress):
        snap = plan.snapshot
        self.plan = plan
        self.progress = progress
        self.total = max(plan.total_changes(), 1)
        self.done = 0
        self.ids = {
            "school": {k: r["id"] for k, r in snap.schools.items()},
            "term": {k: r["id"] for k, r in snap.terms.items()},
            "section": {k: r["id"] for k, r in snap.sections.items()},
            "user": {k: r["id"] for k, r in snap.users.items()},
            "learner": {k: r["id"] for k, r in snap.learners.items()},
        }

    def _id(self, kind: str, key):
        if key is None:
            return None
        return self.ids[kind][key]

    def _columns(self, entity: str, change: Change) -> dict:
        values = {}
        for name, value in change.values.items():
            if name in ("roles", "other_terms"):  # rows of their own (user_role, section_term)
                continue
            if name in REFERENCES:
                column, kind = REFERENCES[name]
                values[column] = self._id(kind, value)
            else:
                values[name] = value
        return values

    def _key_columns(self, entity: str, key) -> dict:
        if entity not in KEY_COLUMNS:
            return {"sourced_id": key}
        parts = key if isinstance(key, tuple) else (key,)
        return {column: self._id(kind, part) for (column, kind), part in zip(KEY_COLUMNS[entity], parts)}

    def _step(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress("writing", self.done, self.total)

    def write(self, entity: str) -> None:
        model = MODELS[entity]
        actions = self.plan.changes[entity]
        creates = actions["create"]
        for start in range(0, len(creates), BATCH):
            batch = creates[start:start + BATCH]
            rows = [{**self._columns(entity, c), **self._key_columns(entity, c.key)} for c in batch]
            new_ids = db.session.execute(
                insert(model).returning(model.id, sort_by_parameter_order=True), rows).scalars().all()
            for change, new_id in zip(batch, new_ids):
                change.id = new_id
                if entity in self.ids:
                    self.ids[entity][change.key] = new_id
            if entity == "user":
                self._add_roles([(c.id, role) for c in batch for role in c.values.get("roles", ())])
            if entity == "section":
                self._set_other_terms(batch)
            self._step(len(batch))
        changed = actions["update"] + actions["deactivate"]
        for start in range(0, len(changed), BATCH):
            batch = changed[start:start + BATCH]
            groups: dict[frozenset, list] = {}
            for change in batch:
                if entity in self.ids:
                    self.ids[entity][change.key] = change.id
                row = {"id": change.id, **self._columns(entity, change)}
                if len(row) > 1:
                    groups.setdefault(frozenset(row), []).append(row)
            for rows in groups.values():
                db.session.execute(update(model), rows)
            if entity == "user":
                self._add_roles([(c.id, role) for c in batch if "roles" in c.values
                                 for role in set(c.values["roles"]) - set(c.old.get("roles", ()))])
                # As an admin's deactivation does: their sign-ins and API tokens end, and stay ended
                # when a later file lists them as active again.
                end_every_sign_in_of([c.id for c in batch if c.values.get("active") is False])
            if entity == "section":
                self._set_other_terms(batch)
            self._step(len(batch))

    def _set_other_terms(self, batch: list[Change]) -> None:
        """The further terms of each section whose terms the plan changes, replacing those it had."""
        changed = [c for c in batch if "other_terms" in c.values]
        if not changed:
            return
        db.session.execute(delete(SectionTerm).where(SectionTerm.section_id.in_([c.id for c in changed])))
        rows = [{"section_id": c.id, "term_id": self._id("term", term), "position": position}
                for c in changed for position, term in enumerate(c.values["other_terms"] or (), start=1)]
        if rows:
            db.session.execute(insert(SectionTerm), rows)

    @staticmethod
    def _add_roles(pairs: list[tuple[int, str]]) -> None:
        if pairs:
            db.session.execute(insert(UserRole), [{"user_id": u, "role": r} for u, r in pairs])
