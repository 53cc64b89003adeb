"""Frameworks, competencies, proficiency scales and rubrics; CASE and CSV import and export."""
from flask import Blueprint

bp = Blueprint("competencies", __name__)
