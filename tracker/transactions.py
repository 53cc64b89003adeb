"""One commit boundary per request (STYLE.md habit 5, as Indico's RH.process).

Views and services only change the session (services flush); the request commits once, after the
view has answered:

- when the view returned its answer, whatever its status, the request commits: a page, a redirect,
  a JSON body, a CSV whose body streams after this, and also a view's own 4xx (a form re-rendered
  with its errors as 400, a decision that lost a race as 409), whose page showed learner data and
  whose audit of that read must stand. A view that refuses an attempt after a service changed
  something rolls that attempt back itself before re-rendering (db.session.rollback() beside the
  `except FieldProblem`), so the page shows what is stored;
- when the view raised (abort(403/404/...), a FieldProblem nobody caught, a bug), the error handler
  answers and everything the request did is rolled back; an exception no handler took is rolled back
  at teardown.

A commit that fails (the database went away, a constraint only the commit checks) answers as any
database error does (503 for an outage, else a logged 500) instead of the page that was ready.

Background jobs and CLI commands own their transactions. A view that must see a unique index decide
a race (an Idempotency-Key, an email, an open request) flushes inside its `try` and catches the
IntegrityError there; the commit still happens here. The few commits left in views are commented
where they stand and listed by name in tests/test_transactions.py (activity noted before the view in
its own transaction; rows a background thread must read on its own connection).
"""
from flask import Flask, g

from .extensions import db


def init_app(app: Flask) -> None:
    """Register last, so that this runs before the other after_request hooks (they run in reverse
    order): the statements its flush sends are still counted by instrumentation's header."""

    handle_user_exception = app.handle_user_exception

    def note_raised(error):
        """Flask hands whatever a view (or a before_request hook) raised to this method first."""
        g.request_raised = True
        return handle_user_exception(error)

    app.handle_user_exception = note_raised

    @app.after_request
    def commit_or_roll_back(response):
        if g.get("request_raised"):
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
