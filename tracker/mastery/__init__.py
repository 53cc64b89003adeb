from flask import Blueprint

bp = Blueprint("mastery", __name__)
