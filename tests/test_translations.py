"""Every user-facing string has a Spanish translation, with the same placeholders."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}


def spanish_catalog():
    with open(ROOT / "tracker/translations/es/LC_MESSAGES/messages.po", "rb") as f:
        return read_po(f, locale="es")


def source_messages() -> set[str]:
    method_map = [("tracker/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, keywords={**KEYWORDS, "ngettext": (1, 2)},
            options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_source_string_is_translated_into_spanish():
    catalog = spanish_catalog()
    translated = {}
    for m in catalog:
        if m.id:
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            translated[key] = m.string if not m.fuzzy else None
    missing = sorted(msg for msg in source_messages() if msg and not translated.get(msg))
    assert not missing, (f"{len(missing)} strings have no Spanish translation; run `make extract-messages` "
                         f"and translate them. First few: {missing[:10]}")


def test_translations_keep_their_placeholders():
    problems = []
    for m in spanish_catalog():
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            got = sorted(PLACEHOLDER.findall(text))
            if set(got) - set(expected) or (len(strings) == 1 and got != sorted(PLACEHOLDER.findall(ids[0]))):
                problems.append((ids[0], text))
    assert not problems, problems[:10]


def test_pages_speak_spanish(client, make):
    from tracker.extensions import db

    guardian = make.user("guardian", locale="es")
    db.session.commit()
    page = client.get("/login", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Iniciar sesión" in page or "iniciar sesión" in page.lower()
    from tests.conftest import session_id_for

    with client.session_transaction() as session:
        session["_user_id"] = session_id_for(guardian)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="es">' in page and "Bienvenido(a)" in page
