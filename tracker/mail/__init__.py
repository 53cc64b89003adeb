"""Mail the app sends: every message is kept in an outbox table, then delivered by SMTP when configured."""
from flask import Blueprint

bp = Blueprint("mail", __name__)
