"""Dashboards for every role: the class heatmap, the student and family pages, the validator's
and the administrator's figures. Charts are Plotly figures built on the server (charts.py)."""
from flask import Blueprint

bp = Blueprint("dashboards", __name__)
