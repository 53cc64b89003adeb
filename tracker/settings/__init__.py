"""School-wide settings that an admin can change (thresholds, separation of duties)."""
from flask import Blueprint

bp = Blueprint("settings", __name__)
