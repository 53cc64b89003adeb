"""Forms for logging, reviewing, editing and submitting evidence.

Choices that depend on data (competencies, the levels of a scale) are set by the view with
`set_competencies` and `set_levels`; the checks against them live here.
"""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from ..competencies.picker import option_ids
from ..timeutil import today

KIND_CHOICES = [
    ("formative", _l("Formative: practice and feedback along the way")),
    ("summative", _l("Summative: shows what has been learned")),
]
CONTEXT_CHOICES = [
    ("class", _l("In class")),
    ("online", _l("Online")),
    ("internship", _l("Internship or work-based")),
    ("project", _l("Project")),
    ("other", _l("Other")),
]
CONTEXT_LABELS = dict(CONTEXT_CHOICES)
KIND_LABELS = {"formative": _l("Formative"), "summative": _l("Summative")}
EARLIEST_YEAR = 2000


def int_or_none(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_observed_on(_form, field):
    if field.data is None:
        return
    if field.data > today():
        raise ValidationError(_l("The date cannot be in the future."))
    if field.data.year < EARLIEST_YEAR:
        raise ValidationError(_l("Check the year: the date is too long ago."))


def check_link(_form, field):
    value = (field.data or "").strip()
    field.data = value
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(_l("Give a web address that starts with http:// or https://."))


class CompetencyMixin:
    """A competency picker (competencies.picker); only the competencies it offers are accepted."""

    empty_message = _l("Choose a competency from the list.")

    def set_competencies(self, groups) -> None:
        self.picker_groups = groups
        self.competency_id.choices = [(o.id, o.text) for group in groups for o in group.options]
        self.allowed_competency_ids = option_ids(groups)

    def validate_competency_id(self, field):
        if field.data is None:
            raise ValidationError(self.empty_message)
        if field.data not in getattr(self, "allowed_competency_ids", set()):
            raise ValidationError(_l("Choose a competency from the list."))


class LevelMixin:
    """Level radios for one scale; the view sets the scale's level numbers."""

    def set_levels(self, choices) -> None:
        self.level.choices = [(str(c.number), f"{c.number} {c.label}") for c in choices]
        self.level_numbers = [c.number for c in choices]

    def validate_level(self, field):
        numbers = getattr(self, "level_numbers", [])
        if field.data in (None, ""):
            raise ValidationError(_l("Choose a level."))
        if int_or_none(field.data) not in numbers:
            raise ValidationError(_l("Choose one of the levels on this competency's scale (%(low)s to %(high)s).",
                                     low=min(numbers, default="?"), high=max(numbers, default="?")))

    @property
    def level_number(self) -> int | None:
        return int_or_none(self.level.data)


def _date_field(label):
    return DateField(label, validators=[DataRequired(message=_l("Give the date (year-month-day).")),
                                        check_observed_on], default=today)


class EvidenceForm(CompetencyMixin, LevelMixin, FlaskForm):
    """A teacher's observation of one learner on one competency."""

    competency_id = SelectField(_l("Competency"), coerce=int_or_none, validate_choice=False)
    observed_on = _date_field(_l("Date observed"))
    kind = RadioField(_l("Formative or summative"), choices=KIND_CHOICES, default="formative")
    level = RadioField(_l("Level"), validate_choice=False)
    feedback = TextAreaField(_l("Feedback for the learner"), validators=[Optional(), Length(max=5000)])
    context = SelectField(_l("Where the learning happened"), choices=CONTEXT_CHOICES, default="class")
    artifact = FileField(_l("File (optional)"))
    link_url = StringField(_l("Link (optional)"), validators=[Optional(), Length(max=1000), check_link])


class EditEvidenceForm(LevelMixin, FlaskForm):
    """Changing a piece of evidence; its competency and learner stay."""

    observed_on = _date_field(_l("Date observed"))
    kind = RadioField(_l("Formative or summative"), choices=KIND_CHOICES)
    level = RadioField(_l("Level"), validate_choice=False)
    feedback = TextAreaField(_l("Feedback for the learner"), validators=[Optional(), Length(max=5000)])
    context = SelectField(_l("Where the learning happened"), choices=CONTEXT_CHOICES)
    artifact = FileField(_l("Replace the file (optional)"))
    link_url = StringField(_l("Link (optional)"), validators=[Optional(), Length(max=1000), check_link])


class ReviewForm(LevelMixin, FlaskForm):
    """A teacher's review of a learner's own submission."""

    kind = RadioField(_l("Formative or summative"), choices=KIND_CHOICES, default="formative")
    level = RadioField(_l("Level"), validate_choice=False)
    feedback = TextAreaField(_l("Feedback for the learner"),
                             validators=[DataRequired(message=_l("Write some feedback for the learner.")),
                                         Length(max=5000)])


class StudentEvidenceForm(CompetencyMixin, FlaskForm):
    """A learner's own evidence: what it made or did, in its own words."""

    competency_id = SelectField(_l("What I can do (competency)"), coerce=int_or_none, validate_choice=False)
    empty_message = _l("Choose what your evidence shows: pick one “I can” statement.")
    observed_on = _date_field(_l("When I did this"))
    reflection = TextAreaField(_l("My reflection"), validators=[
        DataRequired(message=_l("Write a few words about what you did and what you learned.")),
        Length(max=5000)])
    context = SelectField(_l("Where I learned it"), choices=CONTEXT_CHOICES, default="class")
    self_level = SelectField(_l("How well I can do this now, in my own view"), coerce=int_or_none,
                             validate_choice=False)
    artifact = FileField(_l("My file"))

    def set_own_view(self, levels) -> None:
        """The levels a learner may give its own work (service.own_view_choices), or none."""
        self.self_level.choices = [("", _l("I would rather not say"))] + [
            (str(level.number), f"{level.number} · {level.label}") for level in levels]
    link_url = StringField(_l("Or a link to my work"), validators=[Optional(), Length(max=1000), check_link])


class GridForm(FlaskForm):
    """What every row of the class grid shares; the rows themselves are read by grid.parse_rows."""

    observed_on = _date_field(_l("Date observed"))
    kind = RadioField(_l("Formative or summative"), choices=KIND_CHOICES, default="formative")
    context = SelectField(_l("Where the learning happened"), choices=CONTEXT_CHOICES, default="class")


class DeleteForm(FlaskForm):
    """Confirms a deletion: the page's button sends confirm=yes with its CSRF token."""

    confirm = HiddenField(validators=[AnyOf(["yes"])])
