from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from .browse import AuditFilters

# Dates a filter can sensibly name; 9999-12-31 would overflow the day after it, the end of the range.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def date_in_range(_form, field):
    if field.data is not None and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Enter a date from 1900-01-01 to 2999-12-31."))


class AuditFilterForm(FlaskForm):
    """The filters of the audit log, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    actor = StringField(_l("Who (name or email)"), validators=[Optional(), Length(max=200)])
    action = SelectField(_l("Action"), validators=[Optional()])
    learner = StringField(_l("Learner (name, student number or id)"), validators=[Optional(), Length(max=200)])
    date_from = DateField(_l("From"), validators=[Optional(), date_in_range])
    date_to = DateField(_l("To (inclusive)"), validators=[Optional(), date_in_range])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def first_problem(self) -> str | None:
        """The first invalid filter as "date_to (To (inclusive)): message", or None."""
        for field in self:
            if field.errors:
                return f"{field.name} ({field.label.text}): {field.errors[0]}"
        return None

    def filters(self) -> AuditFilters:
        """The filters as given; a field with an error is left out (and its message shown)."""
        def value(field, default):
            return default if field.errors or field.data is None else field.data

        return AuditFilters(
            actor=" ".join(value(self.actor, "").split()),
            action=value(self.action, ""),
            learner=value(self.learner, "").strip(),
            date_from=value(self.date_from, None),
            date_to=value(self.date_to, None),
        )
