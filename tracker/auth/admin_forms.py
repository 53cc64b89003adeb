"""The admin's form for creating and editing users."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from .models import ROLES

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "teacher": _l("Teacher"),
    "validator": _l("Validator"),
    "student": _l("Student"),
    "guardian": _l("Guardian"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)], filters=[_strip])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    roles = SelectMultipleField(_l("Roles"), choices=[(role, ROLE_LABELS[role]) for role in ROLES],
                                validators=[DataRequired(message=_l("Choose at least one role."))])
    locale = SelectField(_l("Language"))
    can_author_frameworks = BooleanField(_l("May write and edit competency frameworks (teachers)"))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)], filters=[_strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = list(current_app.config["LANGUAGES"].items())
