"""Learning progressions: ordered steps, prerequisites, placements, open and locked steps."""
from flask import Blueprint

bp = Blueprint("progressions", __name__)
