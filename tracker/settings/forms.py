from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from ..supports.pace import validate_thresholds


class SettingsForm(FlaskForm):
    allow_self_validation = BooleanField(_l("Let a validator decide on evidence it logged itself (small schools)"))
    stalled_school_days = IntegerField(_l("Stalled after this many school days without new evidence"),
                                       validators=[InputRequired(), NumberRange(min=1, max=200)])
    repeated_not_yet_attempts = IntegerField(_l("Flag after this many attempts in a row below mastery"),
                                             validators=[InputRequired(), NumberRange(min=1, max=50)])
    pace_ahead_ratio = DecimalField(_l("Ahead of pace from this share of the expected steps"), places=2,
                                    validators=[InputRequired(), NumberRange(min=1, max=10)])
    pace_behind_ratio = DecimalField(_l("Behind pace below this share"), places=2,
                                     validators=[InputRequired(), NumberRange(min=0.01, max=1)])
    pace_far_behind_ratio = DecimalField(_l("Far behind pace below this share"), places=2,
                                         validators=[InputRequired(), NumberRange(min=0.01, max=1)])
    validation_target_days = IntegerField(_l("Tell validators of a request waiting longer than this many days"),
                                          validators=[InputRequired(), NumberRange(min=1, max=365)])
    school_holidays = TextAreaField(_l("Days the school is closed (one date a line, like 2026-11-26)"),
                                    validators=[Length(max=5000)])

    def validate_pace_far_behind_ratio(self, field):
        values = (self.pace_ahead_ratio.data, self.pace_behind_ratio.data, field.data)
        if None not in values:
            problem = validate_thresholds(*(float(v) for v in values))
            if problem:
                raise ValidationError(_(problem))

    def validate_school_holidays(self, field):
        days = []
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            try:
                days.append(date.fromisoformat(text).isoformat())
            except ValueError:
                raise ValidationError(_("Line %(n)s, “%(text)s”, is not a date like 2026-11-26.",
                                        n=number, text=text[:40])) from None
        field.holidays = sorted(set(days))
