"""Course credits and report-card grades from competencies, each explained, and their SIS export.

`rules` holds the pure rules (a credit's progress, a grade with its trace and what-ifs, and the
checks that refuse a rule that could never work); `service` reads where learners stand (from the
standing engine) and applies them; `export` writes the OneRoster 1.2 gradebook and a plain CSV.
"""
from flask import Blueprint

bp = Blueprint("grading", __name__)
