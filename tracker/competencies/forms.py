"""Forms for frameworks, competencies, rubrics, scales and imports."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField, FieldList, FloatField, Form, FormField, HiddenField, IntegerField, SelectField, StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..form_helpers import posted_id
from ..mastery.estimates import ParameterProblem, checked_parameter
from .translation import translations_of
from .models import COMPETENCY_KINDS, DEPTH_LEVELS, ESTIMATE_METHODS, FRAMEWORK_STATUSES, ROLLUP_RULES

STATUS_LABELS = {"draft": _l("Draft (editable)"), "published": _l("Published (read-only)"),
                 "retired": _l("Retired (read-only)")}
METHOD_LABELS = {
    "latest": _l("Latest score"),
    "highest": _l("Highest score"),
    "average": _l("Average"),
    "weighted_average": _l("Weighted average (latest weighs w)"),
    "decaying_average": _l("Decaying average (weight w)"),
    "n_times": _l("n times at mastery"),
    "best_n": _l("Mean of the best n scores"),
    "power_law": _l("Power law (trend)"),
    "linear_trend": _l("Straight-line trend"),
}
KIND_LABELS = {"knowledge": _l("Knowledge"), "skill": _l("Skill"), "disposition": _l("Disposition")}
DEPTH_LABELS = {
    "recall": _l("1 Recall"),
    "skill_concept": _l("2 Skill / concept"),
    "strategic_thinking": _l("3 Strategic thinking"),
    "extended_thinking": _l("4 Extended thinking / create"),
}
ROLLUP_LABELS = {
    "none": _l("None: mastered on its own"),
    "all": _l("All children mastered"),
    "points": _l("At least N points of children mastered"),
}
LABELS = {"kinds": KIND_LABELS, "depths": DEPTH_LABELS, "methods": METHOD_LABELS, "rollups": ROLLUP_LABELS}


class BlankFloatField(FloatField):
    """A number that may be left blank (None), checked by the form rather than refused as "not a number"."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def optional_int(value):
    """A chosen id, or None for "none"; anything else is not one of the choices."""
    if value in (None, "", "None"):
        return None
    number = posted_id(value)
    if number is None:
        raise ValueError(_l("Choose one of the options."))
    return number


TRANSLATION_LANGUAGE = "es"  # the language whose boxes forms show beside the original


class TranslatedBoxes:
    """Form mixin: a `<field>_es` box beside each field named in TRANSLATED (the Spanish of it)."""

    TRANSLATED: tuple[str, ...] = ()

    def translations(self) -> dict[str, str | None]:
        return {name: self[f"{name}_{TRANSLATION_LANGUAGE}"].data for name in self.TRANSLATED}

    def fill_translations(self, obj) -> None:
        """Show the object's translations in the boxes (a form shown, not one posted)."""
        for name, text in translations_of(obj, TRANSLATION_LANGUAGE).items():
            if name in self.TRANSLATED:
                self[f"{name}_{TRANSLATION_LANGUAGE}"].data = text


class FrameworkForm(TranslatedBoxes, FlaskForm):
    TRANSLATED = ("title", "description")
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=200)])
    version = StringField(_l("Version"), default="1", validators=[DataRequired(), Length(max=50)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    title_es = StringField(_l("Title in Spanish"), validators=[Optional(), Length(max=300)])
    description_es = TextAreaField(_l("Description in Spanish"), validators=[Optional(), Length(max=20000)])
    status = SelectField(_l("Status"), choices=[(s, STATUS_LABELS[s]) for s in FRAMEWORK_STATUSES],
                         default="draft")
    scale_id = SelectField(_l("Default proficiency scale"), coerce=optional_int, validate_choice=False)
    estimate_method = SelectField(_l("How the current level is estimated from evidence"),
                                  choices=[(m, METHOD_LABELS[m]) for m in ESTIMATE_METHODS],
                                  default="decaying_average")
    estimate_parameter = BlankFloatField(_l("Method parameter (w or n)"))
    # Empty means 1 (a level from the first piece), so forms posted without it keep working.
    min_evidence = IntegerField(_l("Pieces of evidence before a level shows"), default=1, validators=[
        Optional(), NumberRange(min=1, max=20, message=_l("Give a whole number from 1 to 20."))])

    def validate_estimate_parameter(self, field):
        """The one check of method parameters (the estimator and the CASE import use it too)."""
        if field.errors or self.estimate_method.data not in ESTIMATE_METHODS:
            return  # not a number, or no method: already said
        try:
            field.data = checked_parameter(self.estimate_method.data, field.data)
        except ParameterProblem as problem:
            raise ValidationError(_(problem.message)) from None

    def data_for_service(self) -> dict:
        data = {key: getattr(self, key).data for key in (
            "title", "subject", "version", "source", "description", "status", "scale_id",
            "estimate_method", "estimate_parameter", "min_evidence")}
        data["min_evidence"] = data["min_evidence"] or 1
        return data


class CompetencyForm(TranslatedBoxes, FlaskForm):
    TRANSLATED = ("statement", "student_statement")
    code = StringField(_l("Code"), validators=[Optional(), Length(max=100)])
    statement = TextAreaField(_l("Statement (for staff)"), validators=[DataRequired(), Length(max=20000)])
    student_statement = TextAreaField(_l("“I can” statement (for students)"),
                                      validators=[Optional(), Length(max=20000)])
    statement_es = TextAreaField(_l("Statement in Spanish"), validators=[Optional(), Length(max=20000)])
    student_statement_es = TextAreaField(_l("“I can” statement in Spanish"),
                                         validators=[Optional(), Length(max=20000)])
    item_type = StringField(_l("Type of item"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[(k, KIND_LABELS[k]) for k in COMPETENCY_KINDS],
                       default="knowledge")
    depth_level = SelectField(_l("Depth of knowledge"), default="",
                              choices=[("", _l("Not set"))] + [(d, DEPTH_LABELS[d]) for d in DEPTH_LEVELS])
    cross_cutting = BooleanField(_l("Cross-cutting: transferable across subjects"))
    parent_id = SelectField(_l("Parent"), coerce=optional_int, validate_choice=False)
    position = IntegerField(_l("Position among its siblings"), validators=[Optional(), NumberRange(min=1)])
    rollup_rule = SelectField(_l("Mastered through its children"),
                              choices=[(r, ROLLUP_LABELS[r]) for r in ROLLUP_RULES], default="none")
    rollup_points_needed = IntegerField(_l("Points needed"), validators=[Optional(), NumberRange(min=1)])
    points = IntegerField(_l("Points this competency counts for under its parent"), default=1,
                          validators=[Optional(), NumberRange(min=0)])

    def data_for_service(self) -> dict:
        data = {key: getattr(self, key).data for key in (
            "code", "statement", "student_statement", "item_type", "kind", "depth_level",
            "cross_cutting", "parent_id", "position", "rollup_rule", "rollup_points_needed", "points")}
        data["depth_level"] = data["depth_level"] or None
        data["points"] = 1 if data["points"] is None else data["points"]
        return data


def rubric_form_class(levels):
    """A form with one descriptor box per level of the scale (field names level_<number>)."""

    class RubricForm(FlaskForm):
        pass

    for level in levels:
        setattr(RubricForm, f"level_{level.number}", TextAreaField(
            f"{level.number} {level.label}", validators=[Optional(), Length(max=5000)]))
        setattr(RubricForm, f"level_{level.number}_{TRANSLATION_LANGUAGE}", TextAreaField(
            _l("%(level)s in Spanish", level=f"{level.number} {level.label}"), validators=[Optional(), Length(max=5000)]))
    return RubricForm


LEVEL_NUMBERS = NumberRange(min=0, max=100, message=_l("Use a whole number from 0 to 100."))


class LevelForm(Form):
    number = IntegerField(_l("Number"), validators=[Optional(), LEVEL_NUMBERS])
    label = StringField(_l("Label"), validators=[Optional(), Length(max=100)])
    descriptor = TextAreaField(_l("Descriptor"), validators=[Optional(), Length(max=5000)])
    label_es = StringField(_l("Label in Spanish"), validators=[Optional(), Length(max=100)])


class ScaleForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    mastery_threshold = IntegerField(_l("Mastery threshold (a level number)"),
                                     validators=[InputRequired(), LEVEL_NUMBERS])
    levels = FieldList(FormField(LevelForm), label=_l("Levels"), min_entries=2)

    def level_rows(self) -> list[tuple[int, str, str | None]]:
        """The filled rows as (number, label, descriptor); a row with neither number nor label is skipped."""
        rows = []
        for entry in self.levels:
            number, label = entry.form.number.data, (entry.form.label.data or "").strip()
            if number is None and not label:
                continue
            rows.append((number, label, entry.form.descriptor.data))
        return rows

    def spanish_labels(self) -> dict[int, str | None]:
        """Level number -> its label in Spanish, for the rows that have a number."""
        return {entry.form.number.data: entry.form.label_es.data for entry in self.levels
                if entry.form.number.data is not None}

    def validate_levels(self, field):
        # A row's own errors arrive as {"number": [...]} per row: say which row and box instead.
        field.errors = [error for error in field.errors if not isinstance(error, dict)] + [
            _l("Row %(n)s, %(box)s: %(message)s", n=index, box=entry.form[name].label.text, message=message)
            for index, entry in enumerate(field.entries, start=1)
            for name, messages in entry.form.errors.items() for message in messages]
        for index, entry in enumerate(field.entries, start=1):
            number, label = entry.form.number.data, (entry.form.label.data or "").strip()
            if (number is None) != (not label):
                raise ValidationError(_l("Row %(n)s: give both a number and a label, or leave both "
                                         "empty.", n=index))


class CaseImportForm(FlaskForm):
    package = FileField(_l("CASE package (JSON)"), validators=[
        FileRequired(_l("Choose a CASE JSON file.")),
        FileAllowed(["json"], _l("The file must be a .json file."))])


class CaseServerForm(FlaskForm):
    address = StringField(_l("Address of a CASE server, document or package"), validators=[
        DataRequired(_l("Give the address, such as https://standards.example.org/ims/case/v1p1/CFDocuments.")),
        Length(max=1000)])


class CaseConfirmForm(FlaskForm):
    """The package previewed: its address and fingerprint (case_server.confirm checks it is unchanged)."""
    address = HiddenField(validators=[DataRequired(), Length(max=1000)])
    digest = HiddenField(validators=[DataRequired(), Length(min=64, max=64)])


class CaseTranslationForm(FlaskForm):
    package = FileField(_l("CASE package in Spanish (JSON)"), validators=[
        FileRequired(_l("Choose a CASE JSON file.")),
        FileAllowed(["json"], _l("The file must be a .json file."))])


class CsvImportForm(FlaskForm):
    file = FileField(_l("Competencies (CSV)"), validators=[
        FileRequired(_l("Choose a CSV file.")),
        FileAllowed(["csv", "txt"], _l("The file must be a .csv file."))])
