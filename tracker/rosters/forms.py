"""Admin forms for schools, terms, sections, learners and guardian links.

Choices that come from the database (schools, terms, teachers) are filled in by the view.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..form_helpers import posted_id
from .equity import GENDERS, RACE_ETHNICITIES

NOT_RECORDED = _l("Not recorded")
TRI_STATE = [("", NOT_RECORDED), ("yes", _l("Yes")), ("no", _l("No"))]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


STRIP = [_strip]


class SchoolForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)], filters=STRIP)
    contact_email = EmailField(_l("Contact email"), validators=[Optional(), Email(), Length(max=254)],
                               filters=STRIP)
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=50)], filters=STRIP)


class TermForm(FlaskForm):
    school_id = SelectField(_l("School"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)], filters=STRIP)
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    # OneRoster's academic session types; a school year spans its breaks, so the school calendar
    # counts it only for a school with nothing finer (calendar.school_days.instructional_terms).
    kind = SelectField(_l("Kind"), choices=[
        ("", _l("Term")), ("semester", _l("Semester")), ("gradingPeriod", _l("Grading period")),
        ("schoolYear", _l("School year (spans its breaks)"))], default="", filters=[lambda value: value or ""])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must be on or after the first day."))


class SectionForm(FlaskForm):
    course_title = StringField(_l("Course title"), validators=[DataRequired(), Length(max=200)],
                               filters=STRIP)
    name = StringField(_l("Section name"), validators=[DataRequired(), Length(max=200)], filters=STRIP)
    term_id = SelectField(_l("Term"), coerce=int, validators=[DataRequired()])
    teacher_ids = SelectMultipleField(_l("Teachers"), coerce=int)


class LearnerForm(FlaskForm):
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=100)], filters=STRIP)
    family_name = StringField(_l("Family name"), validators=[DataRequired(), Length(max=100)],
                              filters=STRIP)
    preferred_name = StringField(_l("Preferred name"), validators=[Optional(), Length(max=100)],
                                 filters=STRIP)
    student_number = StringField(_l("Student number"), validators=[Optional(), Length(max=50)],
                                 filters=STRIP)
    grade_level = StringField(_l("Grade"), validators=[Optional(), Length(max=20)], filters=STRIP)
    school_id = SelectField(_l("School"), coerce=int, validators=[DataRequired()])
    login_email = EmailField(_l("Login (email of the learner's user account)"),
                             validators=[Optional(), Email(), Length(max=254)], filters=STRIP)
    is_educator = BooleanField(_l("This learner is an educator (professional learning)"))
    # Equity attributes: admins only.
    english_learner = SelectField(_l("English learner"), choices=TRI_STATE)
    iep_504 = SelectField(_l("IEP or 504 plan"), choices=TRI_STATE)
    free_reduced_lunch = SelectField(_l("Free or reduced-price lunch"), choices=TRI_STATE)
    gender = SelectField(_l("Gender"))
    race_ethnicity = SelectField(_l("Race / ethnicity"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gender.choices = _choices(GENDERS, self.gender.data)
        self.race_ethnicity.choices = _choices(RACE_ETHNICITIES, self.race_ethnicity.data)


def _choices(labels: dict, current: str | None) -> list:
    """Known values, plus the current one if it came from elsewhere (an import), so it is kept."""
    choices = [("", NOT_RECORDED), *labels.items()]
    if current and current not in labels:
        choices.append((current, current))
    return choices


class GuardianLinkForm(FlaskForm):
    guardian_email = EmailField(_l("Guardian's email"), validators=[DataRequired(), Email(), Length(max=254)],
                                filters=STRIP)
    relationship_label = StringField(_l("Relationship"), validators=[Optional(), Length(max=50)],
                                     filters=STRIP)


class CoachLinkForm(FlaskForm):
    coach_email = EmailField(_l("Coach's email"), validators=[DataRequired(), Email(), Length(max=254)],
                             filters=STRIP)


class EnrollForm(FlaskForm):
    """Learner ids picked from a search; the service keeps only learners that exist."""

    # Anything that is not a learner id (text, 10**30) becomes 0, which matches no learner.
    learner_ids = SelectMultipleField(_l("Learners"), coerce=lambda value: posted_id(value) or 0,
                                      validate_choice=False)
