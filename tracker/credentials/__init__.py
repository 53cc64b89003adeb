from flask import Blueprint

bp = Blueprint("credentials", __name__)
