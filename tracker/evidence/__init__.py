"""Evidence of learning: teachers' observations, students' own submissions, artifacts."""
from flask import Blueprint

bp = Blueprint("evidence", __name__)
