"""Reading and changing school calendars.

`calendars_for` is the one reader of a school's calendar: the standing engine (pace), the support
flags (stalled) and the support measures (waits) count school days with what it returns. The
`school_holidays` setting stays what it was: days every school of the district is closed, added
to each school's own non-school days.
"""
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import literal, select, union_all

from ..extensions import db
from ..form_helpers import FieldProblem
from ..rosters.models import School, Term
from ..settings import service as settings
from .models import NON_SCHOOL_DAY_KINDS, NonSchoolDay
from .school_days import SchoolCalendar, instructional_terms, overlapping


def district_closed_days(values: dict | None = None) -> frozenset[date]:
    """The `school_holidays` setting as days (what is not a date is ignored: typed by hand)."""
    values = values if values is not None else settings.get_all()
    raw = values.get("school_holidays") or []
    days = set()
    for value in raw if isinstance(raw, list) else []:
        try:
            days.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            continue
    return frozenset(days)


def calendars_for(school_ids: Iterable[int], *, holidays: Iterable[date] | None = None) -> dict[int, SchoolCalendar]:
    """{school id: its SchoolCalendar} for every given school, in one statement (plus the settings
    when `holidays`, the district-wide closed days, is not given). A school with no terms and no
    non-school days gets a calendar of weekdays less the district's closed days."""
    school_ids = sorted({sid for sid in school_ids if sid is not None})
    if holidays is None:
        holidays = district_closed_days()
    holidays = frozenset(holidays)
    if not school_ids:
        return {}
    rows = db.session.execute(union_all(
        select(Term.school_id, literal("term").label("what"), Term.kind, Term.starts_on, Term.ends_on)
        .where(Term.school_id.in_(school_ids), Term.active.is_(True)),
        select(NonSchoolDay.school_id, literal("closed").label("what"), NonSchoolDay.kind, NonSchoolDay.starts_on,
               NonSchoolDay.ends_on)
        .where(NonSchoolDay.school_id.in_(school_ids)),
    )).all()
    terms, closed = defaultdict(list), defaultdict(list)
    for school_id, what, kind, starts_on, ends_on in rows:
        if what == "term":
            terms[school_id].append((kind, starts_on, ends_on))
        else:
            closed[school_id].append((starts_on, ends_on))
    return {sid: school_calendar(tuple(sorted(instructional_terms(terms[sid]))), tuple(sorted(closed[sid])),
                                 holidays) for sid in school_ids}


@lru_cache(maxsize=256)
def school_calendar(terms: tuple, closed: tuple, extra_closed: frozenset) -> SchoolCalendar:
    """The calendar of these days, made once per worker: its counts, worked out the first time a
    page needs them (a year of days looked at one by one), then serve every later page. Keyed by
    the calendar's own days, so an edited calendar is a new key and never reads old counts; a
    SchoolCalendar only ever replaces its worked-out counts whole, so sharing one is safe."""
    return SchoolCalendar(terms=terms, closed=closed, extra_closed=extra_closed)


def calendar_for(school_id: int) -> SchoolCalendar:
    return calendars_for([school_id])[school_id]


# The admin page ---------------------------------------------------------------------------

def school_terms(school: School) -> list[Term]:
    return list(db.session.scalars(select(Term).where(Term.school_id == school.id)
                                   .order_by(Term.starts_on, Term.id)))


def non_school_days(school: School) -> list[NonSchoolDay]:
    return list(db.session.scalars(select(NonSchoolDay).where(NonSchoolDay.school_id == school.id)
                                   .order_by(NonSchoolDay.starts_on, NonSchoolDay.id)))


def term_school_days(school: School) -> dict[int, int]:
    """{term id: the school days in it}, counted with the school's calendar."""
    calendar = calendar_for(school.id)
    return {term.id: calendar.school_days_between(date.fromordinal(term.starts_on.toordinal() - 1), term.ends_on)
            for term in school_terms(school)}


def save_non_school_day(day: NonSchoolDay | None, *, school: School, name: str, kind: str, starts_on: date,
                        ends_on: date | None) -> tuple[NonSchoolDay, list[str]]:
    """Create (day=None) or change a school's non-school day or run of days; returns it and warnings.

    A single day leaves ends_on empty. Refused (FieldProblem naming the field, nothing changed): a
    last day before the first, an unknown kind. Warned, still saved: days outside every term of the
    school (they change nothing there, since no term day is taught outside terms), and a run that
    overlaps another of the school's non-school days."""
    ends_on = ends_on or starts_on
    if kind not in NON_SCHOOL_DAY_KINDS:
        raise FieldProblem("kind", _("Choose what kind of day this is."))
    if ends_on < starts_on:
        raise FieldProblem("ends_on", _("The last day must be on or after the first day."))
    warnings = []
    terms = [(t.id, t.starts_on, t.ends_on) for t in school_terms(school) if t.active]
    if terms and not overlapping(terms, starts_on, ends_on):
        warnings.append(_("These days fall outside every term of the school: the school is closed then anyway."))
    others = [(d.name, d.starts_on, d.ends_on) for d in non_school_days(school) if day is None or d.id != day.id]
    clash = overlapping(others, starts_on, ends_on)
    if clash:
        warnings.append(_("These days overlap %(names)s.", names=", ".join(clash)))
    if day is None:
        day = NonSchoolDay(school_id=school.id)
        db.session.add(day)
    day.name, day.kind, day.starts_on, day.ends_on = name, kind, starts_on, ends_on
    db.session.flush()
    return day, warnings


def delete_non_school_day(day: NonSchoolDay) -> None:
    db.session.delete(day)
    db.session.flush()


def overlapping_terms(school_id: int, starts_on: date, ends_on: date, *, kind: str | None = None,
                      except_id: int | None = None) -> list[str]:
    """Names of the school's active terms of the same kind that share a day with the range."""
    rows = db.session.execute(select(Term.id, Term.name, Term.starts_on, Term.ends_on).where(
        Term.school_id == school_id, Term.active.is_(True),
        Term.kind.is_(None) if kind is None else Term.kind == kind)).all()
    return overlapping([(row.name, row.starts_on, row.ends_on) for row in rows if row.id != except_id],
                       starts_on, ends_on)
