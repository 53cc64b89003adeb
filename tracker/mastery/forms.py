from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class ProposeForm(FlaskForm):
    section_id = SelectField(_l("Section"), coerce=_int_or_none)
    note = TextAreaField(_l("Note for the validator"), validators=[Optional(), Length(max=2000)])


class AskForm(FlaskForm):
    competency_id = SelectField(
        _l("Competency"), coerce=_int_or_none,
        validators=[InputRequired(message=_l("Choose the competency you are ready on."))])
    note = TextAreaField(_l("Why do you think you are ready? (optional)"),
                         validators=[Optional(), Length(max=2000)])


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"), choices=[("mastered", _l("Mastered")), ("not_yet", _l("Not yet"))],
        validators=[InputRequired(message=_l("Choose mastered or not yet."))])
    level = SelectField(_l("Level shown (for mastered)"), coerce=_int_or_none, validators=[Optional()])
    rationale = TextAreaField(
        _l("Rationale"),
        validators=[DataRequired(message=_l("Write the reasons for this decision.")), Length(max=5000)])
    citations = SelectMultipleField(_l("Evidence relied on"), coerce=int, validators=[Optional()])
    override_rationale = TextAreaField(_l("Why you decide against the estimate or the evidence cited"),
                                       validators=[Optional(), Length(max=2000)])
    supersede_reason = TextAreaField(_l("Why this decision replaces the current one"),
                                     validators=[Optional(), Length(max=2000)])
    current_decision_id = HiddenField()

    def setup(self, review) -> "DecisionForm":
        """Choices from the request being decided: mastery levels, and its evidence to cite."""
        self.level.choices = [(level.number, f"{level.number} · {level.label}") for level in review.mastery_levels]
        self.citations.choices = [(e.id, str(e.id)) for e in review.evidence]
        if not self.is_submitted():
            self.level.data = review.suggested_level()
            self.current_decision_id.data = (
                str(review.current_decision.id) if review.current_decision else "0")
        return self

    @property
    def seen_current_id(self) -> int | None:
        """The current decision shown when the form was opened (0: none), or None if unknown."""
        value = (self.current_decision_id.data or "").strip()
        return int(value) if value.isdecimal() and len(value) <= 10 else None  # "²" is a digit, not a number
