"""The form for a school's non-school days."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .models import NON_SCHOOL_DAY_KIND_LABELS, NON_SCHOOL_DAY_KINDS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class NonSchoolDayForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    kind = SelectField(_l("Kind"), choices=[(kind, _l(NON_SCHOOL_DAY_KIND_LABELS[kind])) for kind in NON_SCHOOL_DAY_KINDS])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])  # "not a valid date" kept
    ends_on = DateField(_l("Last day"), validators=[Optional()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must be on or after the first day."))
