"""Forms for planning, changing and closing support."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

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
