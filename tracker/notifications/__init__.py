"""Notifications: what a person is told (in the app, by mail at once, or in a daily or weekly digest),
each kind switchable by the person, and the weekly family digest for guardians."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)
