"""A school's calendar: its terms (rosters.Term) and the days it is closed (NonSchoolDay).

`school_days` holds the pure rules (which days are school days, counting and adding them);
`service.calendars_for` reads every school's calendar in one statement, for the standing engine
(pace in school time), the support flags and the support measures; `views` is the admin page
/admin/schools/<id>/calendar.
"""
from flask import Blueprint

bp = Blueprint("calendar", __name__)
