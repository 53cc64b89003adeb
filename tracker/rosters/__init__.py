from flask import Blueprint

bp = Blueprint("rosters", __name__)
