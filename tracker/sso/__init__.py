"""Single sign-on with OpenID Connect providers an admin configures (Google, Entra ID, Clever, ClassLink...)."""
from flask import Blueprint

bp = Blueprint("sso", __name__)
