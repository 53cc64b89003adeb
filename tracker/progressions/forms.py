from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from ..competencies.forms import TranslatedBoxes
from ..competencies.picker import arrange
from .models import PACE_MODES


class NumberField(FloatField):
    """A number field whose error says what to type."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = float(valuelist[0].replace(",", "."))
            except ValueError:
                self.data = None
                raise ValueError(_l("Enter a number, for example 1.5.")) from None
        else:
            self.data = None


class ProgressionForm(TranslatedBoxes, FlaskForm):
    TRANSLATED = ("title", "description")
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the progression a title.")),
                                                 Length(max=300)])
    framework_id = SelectField(_l("Framework"), coerce=int, default=0,
                               validators=[DataRequired(_l("Choose the framework its steps come from."))])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    title_es = StringField(_l("Title in Spanish"), validators=[Optional(), Length(max=300)])
    description_es = TextAreaField(_l("Description in Spanish"), validators=[Optional(), Length(max=5000)])
    pace_mode = RadioField(_l("Expected pace"), default="weeks_per_step",
                           choices=[("weeks_per_step", _l("A number of weeks per step")),
                                    ("target_dates", _l("A target date for each step, within a term"))],
                           validators=[InputRequired(_l("Choose how the expected pace is set.")),
                                       AnyOf(PACE_MODES)])
    weeks_per_step = NumberField(_l("Weeks per step"), default=1.5, validators=[
        Optional(), NumberRange(min=0.1, max=52, message=_l("Use a number of weeks between 0.1 and 52."))])
    term_id = SelectField(_l("Term"), coerce=int, default=0, validators=[Optional()])
    active = BooleanField(_l("In use (learners can be placed on it)"), default=True)

    def set_choices(self, frameworks, terms):
        self.framework_id.choices = [(0, _l("Choose a framework"))] + [
            (f.id, f"{f.title} (v{f.version}, {f.status})") for f in frameworks]
        self.term_id.choices = [(0, _l("No term"))] + [
            (t.id, f"{t.name} ({t.starts_on.isoformat()} – {t.ends_on.isoformat()})") for t in terms]


def _optional_int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class AddStepForm(FlaskForm):
    competency_id = SelectField(_l("Competency to add as the last step"), coerce=_optional_int,
                                validators=[DataRequired(_l("Choose a competency."))])

    def set_choices(self, framework, competencies):
        """The competency picker (competencies.picker) over the framework's competencies not yet steps."""
        self.picker_groups = arrange([(framework.title, competencies)])
        self.competency_id.choices = [(o.id, o.text) for group in self.picker_groups for o in group.options]


def _indented(competency) -> str:
    text = competency.statement if len(competency.statement) <= 90 else competency.statement[:89] + "…"
    return f"{competency.code} – {text}" if competency.code else text


class MoveStepForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"], message=_l("Choose up or down."))])


class ConfirmForm(FlaskForm):
    """A removal button: the hidden field guards against a bare POST removing anything."""

    confirm = HiddenField(validators=[AnyOf(["yes"], message=_l("Confirm the removal."))])


class PrerequisiteForm(FlaskForm):
    competency_id = SelectField(_l("Step"), coerce=int, default=0, validators=[DataRequired(_l("Choose the step."))])
    prerequisite_id = SelectField(_l("Needs this step first"), coerce=int, default=0,
                                  validators=[DataRequired(_l("Choose the step that comes first."))])

    def set_choices(self, steps):
        choices = [(s.competency_id, f"{s.position}. {_indented(s.competency)}") for s in steps]
        self.competency_id.choices = [(0, _l("Choose a step"))] + choices
        self.prerequisite_id.choices = [(0, _l("Choose a step"))] + choices


class PlacementForm(FlaskForm):
    start_position = SelectField(_l("Starting step"), coerce=int, default=0,
                                 validators=[DataRequired(_l("Choose the step the learner starts at."))])
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Say why the learner starts here, for example what a diagnostic showed.")),
        Length(max=2000)])

    def set_choices(self, steps):
        self.start_position.choices = [(0, _l("Choose a step"))] + [
            (s.position, f"{s.position}. {_indented(s.competency)}") for s in steps]
