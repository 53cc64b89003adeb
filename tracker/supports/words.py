"""Flags and interventions in words: the staff wording, and plain words for students and families.

Registered as template globals (see views.py), so any page can write
``{{ support_flag_reason(flag) }}`` or ``{{ support_plain_flag(flag, learner, is_self) }}``.
"""
from flask_babel import format_date
from flask_babel import gettext as _

from .flag_rules import KIND_LABELS
from .interventions import STATUS_LABELS, TYPE_LABELS


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def type_label(kind: str) -> str:
    return _(TYPE_LABELS[kind]) if kind in TYPE_LABELS else kind


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def _for_reader(values: dict | None) -> dict:
    """A reason's stored values with its ISO dates ("2026-11-03", kept so as JSON) written for the reader."""
    from datetime import date

    from ..i18n import day

    shown = dict(values or {})
    for key, value in shown.items():
        if isinstance(value, str) and len(value) == 10:
            try:
                shown[key] = day(date.fromisoformat(value))
            except ValueError:
                pass
    return shown


def flag_reason(flag) -> str:
    """The flag's reason for staff, in the reader's language when its template is known."""
    if flag.reason_template:
        try:
            return _(flag.reason_template, **_for_reader(flag.reason_values))
        except (KeyError, TypeError, ValueError):
            return flag.reason  # a translation that lost a placeholder: the English text still says it
    return flag.reason


def flag_closed_reason(flag) -> str:
    """Why a flag closed by itself, in the reader's language ("" for a flag still open or closed before
    reasons were kept)."""
    if flag.resolved_reason_template:
        try:
            return _(flag.resolved_reason_template, **_for_reader(flag.resolved_reason_values))
        except (KeyError, TypeError, ValueError):
            return flag.resolved_reason or ""
    return flag.resolved_reason or ""


def _step_words(competency) -> str:
    if competency is None:
        return ""
    text = competency.student_statement or competency.statement
    return text if len(text) <= 90 else text[:89] + "…"


def plain_flag(flag, learner, is_self: bool) -> str:
    """What the school noticed, in words a student or a parent understands."""
    name = learner.first_name
    step = _step_words(flag.competency)
    days = (flag.reason_values or {}).get("days")
    if flag.kind == "stalled":
        if is_self:
            return _("Your teachers have not seen new work from you for %(days)s school days.", days=days) \
                if days else _("Your teachers have not seen new work from you for a while.")
        return _("%(name)s has not shown new work for %(days)s school days.", name=name, days=days) \
            if days else _("%(name)s has not shown new work for a while.", name=name)
    if flag.kind == "repeated_not_yet":
        if is_self:
            return _("You have tried “%(step)s” several times and are not there yet.", step=step)
        return _("%(name)s has tried “%(step)s” several times and is not there yet.", name=name, step=step)
    if flag.kind == "behind_pace":
        title = flag.progression.title if flag.progression else ""
        if is_self:
            return _("You are moving more slowly than planned on %(title)s.", title=title)
        return _("%(name)s is moving more slowly than planned on %(title)s.", name=name, title=title)
    if flag.kind == "prerequisite_gap":
        if is_self:
            return _("You are working on “%(step)s” before finishing an earlier step it builds on.", step=step)
        return _("%(name)s is working on “%(step)s” before finishing an earlier step it builds on.",
                 name=name, step=step)
    return flag_reason(flag)


def plain_support(intervention, *, with_kind: bool = True) -> str:
    """"Small group with Ms Rivera, from Nov 3, 2026. Next check: Nov 17, 2026." (the plan is shown beside it);
    without the kind ("With Ms Rivera, from …") under a heading that names it."""
    start = format_date(intervention.starts_on, "medium")
    if with_kind:
        text = _("%(kind)s with %(provider)s, from %(start)s.", kind=type_label(intervention.kind),
                 provider=intervention.provider, start=start)
    else:
        text = _("With %(provider)s, from %(start)s.", provider=intervention.provider, start=start)
    if intervention.status != "closed" and intervention.review_on:
        text += " " + _("Next check: %(date)s.", date=format_date(intervention.review_on, "medium"))
    return text


TEMPLATE_GLOBALS = {
    "support_kind_label": kind_label,
    "support_type_label": type_label,
    "support_status_label": status_label,
    "support_flag_reason": flag_reason,
    "support_flag_closed_reason": flag_closed_reason,
    "support_plain_flag": plain_flag,
    "support_plain": plain_support,
}
