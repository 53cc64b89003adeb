"""Problems found by a service function that belong next to form fields.

A service checks what a form cannot (an email already in use, a login already linked) and
raises FieldProblem; the view shows each message on its field instead of failing.
Also: ids and numbers typed into forms and query strings, read without crashing.
"""


class FieldProblem(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
        self.problems = [(field, message)]

    @classmethod
    def combined(cls, problems: list["FieldProblem"]) -> "FieldProblem":
        """One exception carrying several problems, so the person sees them all at once."""
        first = cls(problems[0].field, problems[0].message)
        first.problems = [pair for problem in problems for pair in problem.problems]
        return first


def show_problem(form, problem: FieldProblem) -> None:
    """Attach each message to its field."""
    for name, message in problem.problems:
        field = getattr(form, name)
        field.errors = [*field.errors, message]


MAX_ID = 2**31 - 1  # the database's integer range: a larger "id" is simply not found


def posted_id(value) -> int | None:
    """A record id typed, posted or put in a query string: a whole number from 1 to MAX_ID, else None.

    The one way the tracker reads an id from text (forms, query strings, filters). "²" passes
    str.isdigit() but not int(), "-1" and "0" pass int() but name no record, and 10**30 passes
    int() but overflows the database: request.args.get(..., type=int) and int() let those through
    or crash, so every id goes through here.
    """
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdecimal()) or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
