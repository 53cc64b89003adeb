from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.admin_forms import ROLE_LABELS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ProviderForm(FlaskForm):
    name = StringField(_l("Name on the sign-in button"), validators=[DataRequired(), Length(max=100)],
                       filters=[_strip])
    issuer = URLField(_l("Issuer URL"), validators=[DataRequired(), Length(max=500)], filters=[_strip])
    client_id = StringField(_l("Client ID"), validators=[DataRequired(), Length(max=255)], filters=[_strip])
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=2000)])
    enabled = BooleanField(_l("Offer it on the sign-in page"), default=True)
    new_account_role = SelectField(_l("People the school does not know yet"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_account_role.choices = [("", _l("Refuse them (an admin adds people first)"))] + [
            (role, _l("Create an account with the role: %(role)s", role=label)) for role, label in ROLE_LABELS.items()
            if role != "admin"]
