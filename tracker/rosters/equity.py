"""The equity attributes recorded for disaggregated reports, with their labels.

Stored values are stable English codes; labels are translated for display. Values that came
from elsewhere (an import) and are not listed here are kept and shown as they are.
"""
from flask_babel import lazy_gettext as _l

GENDERS = {
    "female": _l("Female"),
    "male": _l("Male"),
    "nonbinary": _l("Nonbinary"),
}

# US federal race and ethnicity categories (as used by OneRoster demographics).
RACE_ETHNICITIES = {
    "American Indian or Alaska Native": _l("American Indian or Alaska Native"),
    "Asian": _l("Asian"),
    "Black or African American": _l("Black or African American"),
    "Hispanic or Latino": _l("Hispanic or Latino"),
    "Native Hawaiian or Other Pacific Islander": _l("Native Hawaiian or Other Pacific Islander"),
    "White": _l("White"),
    "Two or more races": _l("Two or more races"),
}

YES_NO_UNKNOWN = {"yes": True, "no": False, "": None}


def tri_state_code(value: bool | None) -> str:
    """The form value for a yes / no / not recorded attribute."""
    return {True: "yes", False: "no"}.get(value, "")


def label(choices: dict, value: str | None) -> str:
    if not value:
        return ""
    return str(choices.get(value, value))
