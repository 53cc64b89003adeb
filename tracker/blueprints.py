"""Every blueprint and the view modules that put routes on it, listed by hand.

A new page module is added here; tests/test_blueprints.py fails when a views.py or *_views.py
file is missing from the list, so a forgotten module cannot silently drop its routes. The
modules are named as strings: nothing else in the tracker may import a view module
(tests/test_view_imports.py), and this list is the one place that loads them.
"""
import importlib

from flask import Flask

# (area package, its view modules). The area's __init__ holds its blueprint `bp`.
BLUEPRINTS = (
    ("auth", ("views", "admin_views")),
    ("home", ("views",)),
    ("rosters", ("views", "admin_views", "learner_views", "section_views", "oneroster.views")),
    ("mastery", ("views", "request_views", "history_views", "self_placement_views")),
    ("calibration", ("views",)),
    ("audit", ("views",)),
    ("credentials", ("views",)),
    ("evidence", ("views", "artifact_views", "grid_views", "learner_views", "student_views")),
    ("progressions", ("views", "learner_views")),
    ("competencies", ("views", "import_views", "scale_views", "case_server_views")),
    ("api", ("views", "account_views", "xapi_views", "case_views")),
    ("supports", ("views", "group_views")),
    ("dashboards", ("views", "learner_views", "report_views", "validation_views")),
    ("settings", ("views",)),
    ("calendar", ("views",)),
    ("jobs", ("views",)),
    ("mail", ("views",)),
    ("sso", ("views", "admin_views")),
    ("invitations", ("views", "reset_views")),
    ("grading", ("views", "learner_views", "section_views")),
    ("notifications", ("views",)),
    ("monitoring", ("views",)),
)


def view_modules() -> list[str]:
    """The dotted names of every view module, in registration order."""
    return [f"{__package__}.{area}.{module}" for area, modules in BLUEPRINTS for module in modules]


def register_blueprints(app: Flask) -> None:
    for name in view_modules():
        importlib.import_module(name)
    for area, _modules in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"{__package__}.{area}").bp)
