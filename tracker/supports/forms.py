"""Forms for planning, changing and closing support, and reading the small-groups form."""
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from ..form_helpers import FieldProblem, posted_id
from .groups import GroupPlan
from .interventions import TYPE_LABELS
from .models import INTERVENTION_TYPES

TYPE_CHOICES = [(kind, _l(TYPE_LABELS[kind])) for kind in INTERVENTION_TYPES]
STATUS_CHOICES = [("planned", _l("Planned: starts on the start date")), ("active", _l("In place now"))]


class FriendlyDateField(DateField):
    """A date field whose error says how to type a date."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date as year-month-day, for example 2026-11-30.")) from None


def after_start(form, field):
    if field.data and form.starts_on.data and field.data < form.starts_on.data:
        raise ValidationError(_l("The review date must be on or after the start date."))


class InterventionForm(FlaskForm):
    kind = SelectField(_l("Kind of support"), choices=TYPE_CHOICES,
                       validators=[InputRequired(_l("Choose the kind of support.")), AnyOf(INTERVENTION_TYPES)])
    provider = StringField(_l("Who provides it"), validators=[
        DataRequired(_l("Say who provides the support.")), Length(max=200)])
    plan = TextAreaField(_l("Plan"), validators=[
        DataRequired(_l("Write the plan: what will happen, how often, and what it aims for.")), Length(max=5000)])
    starts_on = FriendlyDateField(_l("Starts on"), validators=[InputRequired(_l("Enter the start date."))])
    review_on = FriendlyDateField(_l("Review on"), validators=[Optional(), after_start])
    status = RadioField(_l("Status"), choices=STATUS_CHOICES, default="planned",
                        validators=[InputRequired(_l("Choose planned or in place.")), AnyOf(["planned", "active"])])


class CloseForm(FlaskForm):
    outcome = TextAreaField(_l("Outcome"), validators=[
        DataRequired(_l("Write the outcome: what changed for the learner, and what comes next.")),
        Length(max=5000)])


def _date(text):
    """A typed date, None when left empty, False when typed but not a date."""
    try:
        return date.fromisoformat((text or "").strip()) if (text or "").strip() else None
    except ValueError:
        return False  # typed, but not a date


def group_plans_from(form, suggested_keys) -> tuple[list[GroupPlan], list[FieldProblem]]:
    """The groups as the teacher left them on the suggestions form: which are chosen, their plans, who
    is in each (fields `<key>-open`, `<key>-title`, ..., and `learner-<id>-group` naming a key or "").
    A group someone moved a learner into without it being suggested counts as chosen (open_groups
    then refuses it by name). Dates that are not dates are problems; nothing here reads the database."""
    problems = []
    members: dict[str, list[int]] = {key: [] for key in suggested_keys}
    for name, value in form.items():
        if not (name.startswith("learner-") and name.endswith("-group")):
            continue
        learner_id = posted_id(name[len("learner-"):-len("-group")])
        if learner_id is None:
            problems.append(FieldProblem("learners", _("A learner in the form could not be read; nothing was saved.")))
            continue
        if value:
            members.setdefault(value, []).append(learner_id)
    plans = []
    for key, learner_ids in members.items():
        starts_on, review_on = _date(form.get(f"{key}-starts_on")), _date(form.get(f"{key}-review_on"))
        if starts_on is False or review_on is False:
            problems.append(FieldProblem(f"{key}-starts_on" if starts_on is False else f"{key}-review_on",
                                         _("Enter a date as year-month-day, for example 2026-11-30.")))
        plans.append(GroupPlan(
            key=key, chosen=bool(form.get(f"{key}-open")) or key not in suggested_keys,
            title=form.get(f"{key}-title", ""), kind=form.get(f"{key}-kind", ""),
            provider=form.get(f"{key}-provider", ""), plan=form.get(f"{key}-plan", ""),
            starts_on=starts_on or None, review_on=review_on or None, learner_ids=learner_ids))
    return plans, problems
