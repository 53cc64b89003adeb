from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.forms import SetPasswordForm  # noqa: F401  (the form both links show)


class InvitationForm(FlaskForm):
    emails = TextAreaField(_l("Email addresses, one a line"), validators=[Optional(), Length(max=200_000)])
    section_id = SelectField(_l("All guardians of a section"), validators=[Optional()])
    import_id = SelectField(_l("Everyone a roster import created"), validators=[Optional()])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
