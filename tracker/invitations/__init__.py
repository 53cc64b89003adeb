"""Links sent by email that let a person set a password: invitations (from an admin) and password
resets (asked for on the sign-in page). Both are single-use, expire, and are stored only as hashes."""
from flask import Blueprint

bp = Blueprint("invitations", __name__)
