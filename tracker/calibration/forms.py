"""Forms for calibration sessions. The scores form is read by hand (one radio group per piece)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CalibrationSetupForm(FlaskForm):
    # Required, but checked by the service with the other choices, so every problem shows at once.
    title = StringField(_l("Title"), validators=[Length(max=200)])
    instructions = TextAreaField(_l("Instructions for the validators"), validators=[Optional(), Length(max=2000)])
    # Choices are checked by the service, whose messages say what to do.
    evidence_ids = CheckboxesField(_l("Pieces of evidence to score"), coerce=int, validate_choice=False)
    validator_ids = CheckboxesField(_l("Validators to invite"), coerce=int, validate_choice=False)


class ScoresForm(FlaskForm):
    """Only the CSRF token: the levels come as piece-<item id> fields."""


class CloseSessionForm(FlaskForm):
    """Only the CSRF token."""
