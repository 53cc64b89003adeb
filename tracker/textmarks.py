"""Marking strings for translation in modules that must not import Flask.

Pure calculation modules (mastery estimates, pace, flag rules, agreement) keep their
labels and reasons in plain English. Wrapping them in ``N_`` changes nothing at run
time, but ``pybabel extract`` collects ``N_("...")`` by default, so the catalogs hold
the text and a view can show it with ``_(label)`` in the reader's language.
"""


def N_(text: str) -> str:  # noqa: N802  (the gettext convention)
    """Return ``text`` unchanged; the name tells pybabel to extract it."""
    return text
