"""Languages: which one a request is shown in, and translations escaped like any other text."""
from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    """The signed-in user's language, else the one chosen this visit, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # command line: the default language
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"


def escape_lazy_strings() -> None:
    """Let Jinja escape lazy translations like any other text.

    flask-babel's LazyString.__html__ returns the text as it is, which tells Jinja (and
    markupsafe.escape) that it is already safe HTML: `_l("%(name)s is not a .zip file.",
    name=upload.filename)` put a file name's markup into the page unescaped. No translation
    here holds markup, so escaping them is always right.
    """
    from flask_babel.speaklater import LazyString
    from markupsafe import escape

    LazyString.__html__ = lambda self: escape(str(self))


def day(value, format: str = "medium", *, time: bool = False) -> str:
    """A date (or a timestamp's date) for the reader: the Jinja filter `day`, used by every page that
    shows one (`{{ evidence.observed_on|day }}`, `{{ mail.sent_at|day(time=True) }}`).

    `format` is one of Babel's date styles (short, medium, long, full) or a CLDR skeleton such as
    "MMMd" (month and day, in the order and words of the reader's language). time=True adds the
    time of day (hours and minutes). None gives an empty string. Machine-read places (inputs,
    `datetime` attributes, CSV, JSON, links) keep ISO dates and do not use it."""
    from datetime import datetime

    from babel.dates import format_skeleton
    from flask_babel import format_date, format_time, get_locale

    if value is None or value == "":
        return ""
    if format in ("short", "medium", "long", "full"):
        text = format_date(value, format)
    else:
        text = format_skeleton(format, value, locale=get_locale())
    if time and isinstance(value, datetime):
        text = f"{text} {format_time(value, 'short')}"
    return text


def number(value, digits: int = 1, fixed: bool = False) -> str:
    """A number for the reader (the Jinja filter `number`): 2.5 is "2,5" for a Spanish reader. At
    most `digits` decimals, or exactly `digits` when `fixed` (an estimate's "3.0"). None gives an
    empty string."""
    from flask_babel import format_decimal

    if value is None or value == "":
        return ""
    decimals = ("0" if fixed else "#") * digits
    return format_decimal(round(float(value), digits), format="#,##0" + ("." + decimals if digits else ""))


def estimate_for_reader(estimate: float | None) -> str:
    """An estimate as pages show it (the Jinja filter `estimate_text`): the one display rule of
    mastery.estimate_display (cut to tenths, "—" for none), in the reader's digits ("2,9")."""
    from .mastery.estimate_display import cut_to_tenths

    return "—" if estimate is None else number(cut_to_tenths(estimate), 1, fixed=True)
