"""Support flags and interventions (the nightly `flask recompute-flags` is in cli.py)."""
from flask import Blueprint

bp = Blueprint("supports", __name__)
