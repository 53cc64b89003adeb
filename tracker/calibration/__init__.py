"""Calibration: validators score the same pieces of evidence blind, and their agreement is measured."""
from flask import Blueprint

bp = Blueprint("calibration", __name__)
