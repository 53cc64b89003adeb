"""Forms for credits, grade schemes and grading periods (the checks that need the rules are in editing.py)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, FloatField, Form, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..supports.forms import FriendlyDateField

RULE_CHOICES = [("all", _l("All mastered")),
                ("share", _l("A share mastered, none below a floor (e.g. 80 percent, none below 2)")),
                ("points", _l("Points per competency, with a threshold"))]
PERCENT = NumberRange(min=0, max=1000, message=_l("Use a whole number."))
WHOLE = NumberRange(min=-1000, max=1000, message=_l("Use a whole number."))
RULE_ROWS = 6


class CreditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the credit a title.")), Length(max=200)])
    code = StringField(_l("Course code"), validators=[Optional(), Length(max=50)])
    rule = SelectField(_l("Rule"), choices=RULE_CHOICES, validators=[InputRequired()])
    share_percent = IntegerField(_l("Share mastered, in percent"), validators=[Optional(), PERCENT])
    floor_level = IntegerField(_l("None below level"), validators=[Optional(), WHOLE])
    points_needed = IntegerField(_l("Points needed"), validators=[Optional(), WHOLE])
    framework_id = SelectField(_l("Framework"), coerce=str, validators=[Optional()])
    competency_codes = TextAreaField(_l("Competencies (codes)"), validators=[Optional(), Length(max=20000)])
    progression_id = SelectField(_l("Or every step of a progression"), coerce=str, validators=[Optional()])


class GradeRuleRow(Form):
    grade = StringField(_l("Grade"), validators=[Optional(), Length(max=20)])
    share_percent = IntegerField(_l("Share, in percent"), validators=[Optional(), PERCENT])
    at_level = IntegerField(_l("At level or above"), validators=[Optional(), WHOLE])
    floor_level = IntegerField(_l("None below"), validators=[Optional(), WHOLE])
    score = FloatField(_l("Score sent to the SIS"), validators=[Optional()])


class GradeSchemeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the scheme a title.")), Length(max=200)])
    scale_id = SelectField(_l("Scale"), coerce=str, validators=[InputRequired(_l("Choose a scale."))])
    min_assessed_percent = IntegerField(_l("Least share of competencies with a level before a grade shows, in percent"),
                                        default=50, validators=[InputRequired(), NumberRange(min=0, max=100)])
    rules = FieldList(FormField(GradeRuleRow), label=_l("Rules, strictest first"), min_entries=RULE_ROWS)

    def rule_rows(self) -> list[tuple[int, dict]]:
        """(row number, values) of the rows with a grade or a number in them."""
        rows = []
        for n, entry in enumerate(self.rules, start=1):
            values = {name: entry.form[name].data for name in ("grade", "share_percent", "at_level",
                                                              "floor_level", "score")}
            values["grade"] = (values["grade"] or "").strip()
            if values["grade"] or any(values[k] is not None for k in ("share_percent", "at_level", "floor_level")):
                rows.append((n, values))
        return rows


class GradingPeriodForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the period a title.")), Length(max=200)])
    starts_on = FriendlyDateField(_l("Starts on"), validators=[InputRequired(_l("Enter the first day."))])
    ends_on = FriendlyDateField(_l("Ends on"), validators=[InputRequired(_l("Enter the last day."))])
    sourced_id = StringField(_l("SIS gradingPeriod sourcedId"), validators=[Optional(), Length(max=255)])


class TeacherLevelForm(FlaskForm):
    """A teacher's hand-set level (mastery.teacher_levels checks the level against the scale)."""
    competency_id = SelectField(_l("Competency"), coerce=int, validators=[DataRequired(_l("Choose a competency."))])
    level = FloatField(_l("Level"), validators=[InputRequired(_l("Give the level, for example 3 or 2.5."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Say why you set this level.")),
                                                     Length(max=2000)])
    keep = BooleanField(_l("Keep it when new evidence arrives"))
