"""Problems found in a OneRoster set, kept as codes and values so a report stored in the
database can be shown later in the reader's language.

A problem names the file, the row (as a spreadsheet shows it: the header is row 1) and the
column. Errors stop the import; warnings say what was skipped or assumed.
"""
from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    severity: str
    code: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def error(code: str, file=None, row=None, column=None, **params) -> Problem:
    return Problem(ERROR, code, file, row, column, params)


def warning(code: str, file=None, row=None, column=None, **params) -> Problem:
    return Problem(WARNING, code, file, row, column, params)


MESSAGES = {
    # Reading the upload
    "no_files": _l("No OneRoster CSV files were found. Upload a zip or the CSV files themselves."),
    "zip_damaged": _l("The zip file is damaged or incomplete (%(detail)s). Create it again and upload it."),
    "zip_too_large": _l("The files in the zip are larger than %(mb)s MB when unpacked."),
    "zip_member_too_large": _l("%(name)s is larger than %(mb)s MB when unpacked (the limit for one file in a "
                               "zip); nothing was imported. Ask for a smaller export."),
    "zip_total_too_large": _l("The files in the zip are larger than %(mb)s MB when unpacked (reached at "
                              "%(name)s); nothing was imported. Ask for a smaller export."),
    "zip_too_many": _l("The zip holds more than %(n)s files; a OneRoster set has at most a few dozen."),
    "duplicate_file": _l("This file was given twice."),
    "not_csv": _l("This is not a CSV file of a OneRoster set; it was left out."),
    "unused_file": _l("The tracker does not use this file; it was left out."),
    "encoding_utf16": _l("The file is saved as UTF-16. Save it as UTF-8 (CSV UTF-8) and upload it again."),
    "encoding": _l("The file is not UTF-8 text (byte 0x%(byte)s cannot be read). "
                   "Save it as UTF-8 (CSV UTF-8) and upload it again."),
    "csv_syntax": _l("The CSV cannot be read here: %(detail)s."),
    "nul_character": _l("The value contains a NUL character, which cannot be saved. Remove it and upload again."),
    "empty_file": _l("The file is empty: it has no header row."),
    "duplicate_column": _l("The column appears twice in the header."),
    "field_count": _l("This row has %(found)s values but the header has %(expected)s columns."),
    "missing_column": _l("missing column %(name)s."),
    "empty_trailing_columns": _l("The header ends with %(n)s columns without a name; their values were left out."),
    "unnamed_column": _l("The column has no name in the header."),
    "value_in_unnamed_column": _l("A value under a column without a name was left out: “%(value)s”."),
    # Manifest
    "no_manifest": _l("There is no manifest.csv; OneRoster %(version)s was assumed."),
    "no_version": _l("The manifest gives no oneroster.version; OneRoster %(version)s was assumed."),
    "unsupported_version": _l("OneRoster version %(version)s is not supported (1.1 and 1.2 are)."),
    "manifest_mode": _l("“%(value)s” is not bulk, delta or absent."),
    "manifest_missing_file": _l("The manifest lists %(name)s as %(mode)s but the file is not there."),
    "manifest_absent_file": _l("The manifest marks this file as absent, so it was left out."),
    "manifest_unlisted_file": _l("The manifest does not list this file; it was read anyway."),
    "no_roles": _l("users.csv has no role column and there is no roles.csv, so nobody's role is known."),
    "roles_unreadable": _l("users.csv has no role column and roles.csv could not be read (see its problems), "
                           "so nobody's role is known."),
    # Values
    "empty_value": _l("This value is required."),
    "duplicate_id": _l("sourcedId “%(id)s” appears again (first at row %(first)s)."),
    "bad_status": _l("“%(value)s” is not a status (active, tobedeleted or inactive)."),
    "bad_date": _l("“%(value)s” is not a date (YYYY-MM-DD)."),
    "date_order": _l("The end date %(end)s is before the start date %(start)s."),
    "bad_boolean": _l("“%(value)s” is not true or false."),
    "bad_email": _l("“%(value)s” is not an email address."),
    "too_long": _l("The value is longer than %(max)s characters."),
    "unknown_reference": _l("No %(kind)s with sourcedId “%(id)s” in the files or the tracker."),
    "duplicate_email": _l("The email %(email)s is also used at row %(first)s; each login needs its own email."),
    "email_taken": _l("The email %(email)s already belongs to another person in the tracker (%(other)s)."),
    "login_taken": _l("This student's login %(email)s is already linked to another learner."),
    # Rows that would take over an existing account (see CONFIRMABLE)
    "account_by_email": _l("The email %(email)s belongs to an existing account, %(name)s (%(account_email)s, "
                           "account %(account_id)s, roles: %(roles)s), that has no sourcedId. Linking this "
                           "%(role)s row to it would rename it and give it the roles: %(added)s. An "
                           "administrator must confirm that it is the same person."),
    "account_widened": _l("The existing account %(name)s (%(account_email)s, account %(account_id)s, roles: "
                          "%(roles)s), matched by its sourcedId, would be given the roles: %(added)s, which let "
                          "it see other learners. An administrator must confirm it."),
    # Mapping decisions (warnings)
    "org_not_school": _l("Org type “%(type)s” is not a school, but classes or people belong to it "
                         "directly, so it is imported as a school."),
    "org_skipped": _l("Org type “%(type)s” is not imported: only schools become schools in the tracker."),
    "session_type": _l("Session type “%(type)s” is imported as a term."),
    "no_school_for_term": _l("No school to attach this academic session to; it was left out."),
    "placeholder_term": _l("No academic session “%(id)s” in the files or the tracker: the class is placed "
                           "in a stand-in term named “%(id)s”. Send the session in a later import to fix "
                           "its name and dates."),
    "term_left_out": _l("No academic session “%(id)s” in the files or the tracker; the class is kept "
                        "under its other sessions only."),
    "unknown_course": _l("No course “%(id)s” in courses.csv; the class title is used as the course."),
    "no_school_for_user": _l("No school for this student: give an org that is a school."),
    "unknown_role": _l("Role “%(role)s” is not one the tracker knows; the person was left out."),
    "staff_role": _l("Role “%(role)s”: an account without any rights is created. Administrator rights in "
                     "the tracker are only ever granted by hand."),
    "no_email": _l("No email address, so no login is created for this %(role)s."),
    "no_login_for_teacher": _l("The teacher %(id)s has no login (no email), so this class assignment "
                               "was left out."),
    "not_a_student": _l("%(id)s is not a student (role %(role)s); this student enrollment was left out."),
    "not_a_teacher": _l("%(id)s is a student; this teacher enrollment was left out."),
    "enrollment_role": _l("Enrollment role “%(role)s” is not imported; only students and teachers are."),
    "duplicate_enrollment": _l("The same person is enrolled in the same class at row %(first)s; "
                               "this row was left out."),
    "agent_unknown": _l("No person with sourcedId “%(id)s”; that family link was left out."),
    "agent_pair": _l("%(id)s (%(other_role)s) and this %(role)s are not a student and a parent, guardian "
                     "or relative; that family link was left out."),
    "agent_no_login": _l("The family member %(id)s has no login (no email), so that link was left out."),
    "demographics_not_student": _l("%(id)s is not a student; the demographics row was left out."),
    "bad_sex": _l("“%(value)s” is not a value of sex (male, female, other, unspecified); it was left out."),
    "bad_flag": _l("“%(value)s” is not yes or no; it was left out."),
    "account_linked": _l("Joined to the existing account %(name)s (%(account_email)s, account %(account_id)s) "
                         "as an administrator confirmed; roles added: %(added)s."),
    "absent_share": _l("The file would deactivate %(n)s of %(total)s %(records)s (%(percent)s %%), more than the "
                       "%(limit)s %% an import may deactivate without a confirmation. Confirm it only if they "
                       "really left."),
    "absent_confirmed": _l("Confirmed by an administrator: %(n)s of %(total)s %(records)s (%(percent)s %%) are "
                           "deactivated because the file no longer lists them."),
    "admin_not_deactivated": _l("%(email)s is an administrator of the tracker, so an import does not "
                                "deactivate this account."),
}

# Errors an administrator may lift, one by one, by confirming the match on the dry-run page
# (or with --confirm-link on the command line); once confirmed each becomes "account_linked"
# ("absent_confirmed" for a share of deactivations, absent.py).
CONFIRMABLE = ("account_by_email", "account_widened", "absent_share")

KINDS = {
    "org": _l("org"),
    "school": _l("school"),
    "class": _l("class"),
    "user": _l("person"),
    "session": _l("academic session"),
}


# Kinds of record counted in "absent_share" messages.
RECORDS = {
    "school": _l("schools"), "term": _l("terms"), "section": _l("sections"), "user": _l("accounts"),
    "learner": _l("learners"), "enrollment": _l("enrollments"), "teaching_assignment": _l("teaching assignments"),
}


def describe(problem: dict) -> str:
    """The problem as one sentence: 'users.csv row 7, column email: “x” is not an email address.'"""
    where, text = location(problem), message(problem)
    return f"{where}: {text}" if where else text


def message(problem: dict) -> str:
    """What is wrong, in the reader's language, without where it is."""
    params = dict(problem.get("params") or {})
    if "kind" in params:
        params["kind"] = str(KINDS.get(params["kind"], params["kind"]))
    if "records" in params:
        params["records"] = str(RECORDS.get(params["records"], params["records"]))
    template = MESSAGES.get(problem["code"])
    if template is None:
        return problem["code"]
    try:
        return str(template) % params
    except (KeyError, ValueError, TypeError):  # a report stored by an older version of the messages
        return str(template)


def location(problem: dict) -> str:
    file, row, column = problem.get("file"), problem.get("row"), problem.get("column")
    if file and row and column:
        return _("%(file)s row %(row)s, column %(column)s", file=file, row=row, column=column)
    if file and row:
        return _("%(file)s row %(row)s", file=file, row=row)
    if file and column:
        return _("%(file)s, column %(column)s", file=file, column=column)
    return file or ""
