"""The one competency picker: the options of every competency select (single evidence, class
grid, the student's form, calibration, xAPI mappings), built here and nowhere else.

Options follow the framework tree (parents before children, siblings by position), one group per
domain (a top-level item with items under it; the domain itself is the group's first option), so
a teacher finds MATH.6.RP.1 beside RP.2 and not between G.1 and NS.6.a. The student's version
names each competency by its "I can" statement, never the staff statement, and can put the
learner's current steps in a first group. `arrange` is pure; `picker_groups` reads the database.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from .models import Competency, Framework
from .tree import build_tree, walk

MAX_TEXT = 110
INDENT = "\u2003"  # an em space per level below the domain: a select cannot be styled per option


@dataclass(frozen=True)
class PickerOption:
    id: int
    text: str  # what the option shows: code and statement (or "I can" statement), indented
    search: str  # every word a person may type to find it: code, statement, "I can" statement


@dataclass(frozen=True)
class PickerGroup:
    label: str
    options: tuple[PickerOption, ...]


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 3] + "…"


def option_text(item, *, student: bool) -> str:
    """Code and statement; for a student the "I can" statement instead (the code alone when the
    competency has none; the staff statement only when there is nothing else to name it by)."""
    words = item.student_statement if student else item.statement
    if student and not words and not item.code:
        words = item.statement
    return _shorten(" ".join(filter(None, (item.code, words))))


def _option(item, depth: int, *, student: bool) -> PickerOption:
    search = " ".join(filter(None, (item.code, item.student_statement if student else item.statement)))
    if not student and item.student_statement:
        search += " " + item.student_statement
    return PickerOption(item.id, INDENT * depth + option_text(item, student=student), search)


def arrange(frameworks: Iterable[tuple[str, list]], *, student: bool = False, first_ids: Iterable[int] = (),
            first_label: str = "") -> list[PickerGroup]:
    """The picker's groups for `frameworks`, given in order as (title, its competencies).

    Each top-level item with children becomes a group "title · domain" holding the domain and
    everything under it in tree order; consecutive top-level items without children share a group
    named after the framework. `first_ids` (in that order) also form a first group `first_label`.
    """
    groups: list[PickerGroup] = []
    by_id = {}
    for title, items in frameworks:
        loose: list[PickerOption] = []
        for root in build_tree(items):
            if not root.children:
                loose.append(_option(root.item, 0, student=student))
                by_id[root.item.id] = root.item
                continue
            if loose:
                groups.append(PickerGroup(title, tuple(loose)))
                loose = []
            domain_name = root.item.statement if not student else (root.item.statement or root.item.code)
            options = []
            for node in walk([root]):
                options.append(_option(node.item, node.depth, student=student))
                by_id[node.item.id] = node.item
            groups.append(PickerGroup(f"{title} · {domain_name}", tuple(options)))
        if loose:
            groups.append(PickerGroup(title, tuple(loose)))
    first = [_option(by_id[i], 0, student=student) for i in dict.fromkeys(first_ids) if i in by_id]
    if first:
        groups.insert(0, PickerGroup(str(first_label), tuple(first)))
    return groups


def picker_groups(*, educator: bool | None = None, student: bool = False, first_ids: Iterable[int] = (),
                  first_label=_l("My next steps")) -> list[PickerGroup]:
    """The picker for frameworks in use (not retired), by framework title; with `educator` given,
    only educator frameworks (True) or only the others (False), as evidence.service.takes_evidence
    allows for such a learner. The student's version (`student=True`) offers published frameworks
    only: a draft never reaches a student. Two queries whatever the size of the frameworks."""
    query = select(Framework).where(Framework.status != "retired").order_by(Framework.title, Framework.id)
    if student:
        query = query.where(Framework.status == "published")
    if educator is not None:
        query = query.where(Framework.is_educator_framework.is_(bool(educator)))
    frameworks = list(db.session.scalars(query))
    items: dict[int, list] = {f.id: [] for f in frameworks}
    if frameworks:
        rows = db.session.execute(
            select(Competency.id, Competency.framework_id, Competency.parent_id, Competency.position,
                   Competency.code, Competency.statement, Competency.student_statement)
            .where(Competency.framework_id.in_(list(items))))
        for row in rows:
            items[row.framework_id].append(row)
    return arrange([(f.title, items[f.id]) for f in frameworks], student=student, first_ids=first_ids,
                   first_label=first_label)


def option_ids(groups: Iterable[PickerGroup]) -> set[int]:
    """Every competency id the picker offers (what a form accepts)."""
    return {option.id for group in groups for option in group.options}
