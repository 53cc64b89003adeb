"""One commit boundary per request (STYLE.md habit 5, as Indico's RH.process).

Views and services only change the session (services flush); the request commits once, after the
view has answered:

- an answer below 400 (a page, a redirect, a JSON body, a CSV whose body streams after this) is
  committed, together with any audit event the view recorded while reading;
- an answer of 400 or more (a form re-rendered with its errors and a 4xx status, a 404, a 409
  conflict, an error page) rolls back: a request that was refused leaves nothing behind;
- an exception rolls back (the error handler's page is then an error status; an exception no
  handler took is rolled back at teardown).

A commit that fails (the database went away, a constraint only the commit checks) answers as any
database error does (503 for an outage, else a logged 500) instead of the page that was ready.

Background jobs and CLI commands own their transactions. A view that must see the outcome of its
commit inside itself (a unique index deciding a race) keeps an explicit, commented commit;
tests/test_transactions.py lists the ones allowed.
"""
from flask import Flask

from .extensions import db


def init_app(app: Flask) -> None:
    """Register last, so that this runs before the other after_request hooks (they run in reverse
    order): the statements its flush sends are still counted by instrumentation's header."""

    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except Exception as error:  # noqa: BLE001  (answered below as the error it is)
            db.session.rollback()
            return app.make_response(app.handle_user_exception(error))
        return response

    @app.teardown_request
    def roll_back_on_exception(error):
        if error is not None:
            db.session.rollback()
