"""One way to add the CSRF token, one breadcrumb trail.

Every POST form in the templates carries the token through the `csrf()` macro of macros.html (not
`form.csrf_token`, not a hand-written hidden input), and every breadcrumb trail is drawn by the
`breadcrumbs()` macro there. A new form without the token fails here before it fails in production
(tests run with CSRF protection off, except tests/security/test_csrf.py).
"""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MACROS = TEMPLATES / "macros.html"
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
POST = re.compile(r"""method=["']?post""", re.I)
# Forms that post to a route exempt from CSRF by design, with the reason.
EXEMPT = {
    "notifications/unsubscribe.html": "one-click unsubscribe (RFC 8058): the signed link is the permission, "
                                      "and a mail program's POST carries no form token",
}


def _templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        yield path.relative_to(TEMPLATES).as_posix(), path.read_text()


def test_every_post_form_uses_the_csrf_macro():
    missing = []
    for name, text in _templates():
        for form in FORM.finditer(text):
            opening = form.group(0).split(">", 1)[0]
            if POST.search(opening) and "{{ csrf() }}" not in form.group(0) and name not in EXEMPT:
                line = text[:form.start()].count("\n") + 1
                missing.append(f"{name}:{line}: {opening}>")
    assert not missing, "POST forms without {{ csrf() }}:\n" + "\n".join(missing)


def test_the_token_is_written_only_by_the_macro():
    stray = []
    for name, text in _templates():
        if name == "macros.html":
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if "csrf_token" in line and "!= 'csrf_token'" not in line:
                stray.append(f"{name}:{number}: {line.strip()}")
    assert not stray, "add the token with {{ csrf() }} from macros.html:\n" + "\n".join(stray)


def test_breadcrumbs_are_drawn_by_one_macro():
    stray = []
    for name, text in _templates():
        if name == "macros.html":
            continue
        if 'class="breadcrumbs"' in text or re.search(r"\{%-?\s*macro\s+\w*crumb", text):
            stray.append(name)
    assert not stray, "use breadcrumbs() from macros.html:\n" + "\n".join(stray)
    assert MACROS.read_text().count("{% macro breadcrumbs(") == 1


def test_the_csrf_macro_renders_the_sessions_token(app):
    with app.test_request_context():
        from flask import render_template_string
        from flask_wtf.csrf import generate_csrf

        html = render_template_string('{% from "macros.html" import csrf %}{{ csrf() }}')
        assert html == f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'
