"""Content in the reader's language: translations of what schools write (framework titles,
competency statements, rubric descriptors, scale labels, progression names).

One table holds them, keyed by the object's table, its id, the field and the language. One
reader, `in_reader_language(obj, field)`, gives the text in the reader's language where a
translation exists, else the original, together with the language it is in, so that a page can
mark it (`lang="en"` on a Spanish page). Content as written is in the school's default language
(BABEL_DEFAULT_LOCALE).
"""
from flask import current_app, has_request_context, request
from markupsafe import Markup, escape
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, delete, event, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

# table name -> the fields of it that may carry translations
TRANSLATABLE = {
    "framework": ("title", "description"),
    "competency": ("statement", "student_statement"),
    "rubric_descriptor": ("descriptor",),
    "proficiency_scale": ("name", "description"),
    "scale_level": ("label", "descriptor"),
    "progression": ("title", "description"),
}


class ContentTranslation(db.Model):
    __tablename__ = "content_translation"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "field", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(10), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class Localized(str):
    """A piece of content and the language it is written in."""

    lang: str

    def __new__(cls, text: str, lang: str):
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def original_language() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def reader_language() -> str:
    if not has_request_context():
        return original_language()
    from flask_babel import get_locale

    return str(get_locale() or original_language())


def _translations(lang: str) -> dict:
    """Every translation into `lang`, read once per request (one statement). Kept on the request,
    not on `g`, which a test's app context shares between requests."""
    holder = request._get_current_object()
    cache = holder.__dict__.setdefault("content_translations", {})
    if lang not in cache:
        rows = db.session.execute(select(ContentTranslation.object_type, ContentTranslation.object_id,
                                         ContentTranslation.field, ContentTranslation.text)
                                  .where(ContentTranslation.lang == lang))
        cache[lang] = {(kind, object_id, field): text for kind, object_id, field, text in rows}
    return cache[lang]


def in_reader_language(obj, *fields: str) -> Localized | None:
    """`obj.field` in the reader's language where a translation exists, else as written; with its
    language either way. The one reader of translatable content.

    Several fields are tried in turn, as "the "I can" statement, else the staff statement": the
    first with a translation into the reader's language, else the first written at all. None when
    none is written."""
    if obj is None:
        return None
    source, lang = original_language(), reader_language()
    written = [field for field in fields if getattr(obj, field)]
    if lang != source and obj.id is not None:
        translated = _translations(lang)
        for field in written:
            text = translated.get((obj.__tablename__, obj.id, field))
            if text:
                return Localized(text, lang)
    return Localized(getattr(obj, written[0]), source) if written else None


def trimmed(value: Localized | None, chars: str = ". ") -> Localized | None:
    """The text without trailing `chars` (a statement set inside a sentence), in the same language."""
    return None if value is None else Localized(value.rstrip(chars), value.lang)


def lang_marked(value) -> Markup:
    """Content for a page: escaped, and inside `<span lang="…">` when its language is not the
    page's (the Jinja filter `lang_marked`). Plain strings are taken to be the page's language."""
    if value is None:
        return Markup("")
    lang = getattr(value, "lang", None)
    if lang is None or lang == reader_language():
        return escape(value)
    return Markup('<span lang="%s">%s</span>') % (lang, value)


def content(obj, *fields: str) -> Markup:
    """The Jinja global `content(obj, "field", …)`: the reader's language, marked where it is not."""
    return lang_marked(in_reader_language(obj, *fields))


def with_content(message: str, **values) -> Markup:
    """A translated sentence (`_()` without its values) with its values put in, escaped, and any
    content among them marked with its language: `with_content(_("… in %(title)s."), title=…)`."""
    return escape(message) % {name: lang_marked(value) if isinstance(value, Localized) else value
                              for name, value in values.items()}


def translations_of(obj, lang: str) -> dict[str, str]:
    """The fields of `obj` translated into `lang` (for a form to show beside the original)."""
    rows = db.session.execute(select(ContentTranslation.field, ContentTranslation.text).where(
        ContentTranslation.object_type == obj.__tablename__, ContentTranslation.object_id == obj.id,
        ContentTranslation.lang == lang))
    return dict(rows.all())


def set_translations(obj, lang: str, texts: dict[str, str | None], *, by=None) -> None:
    """Keep `texts` (field -> text) as `obj`'s translations into `lang`: a blank text removes that
    field's translation. Flushes; the caller commits."""
    kind = obj.__tablename__
    fields = TRANSLATABLE[kind]
    db.session.flush()  # a new object needs its id
    for field, text in texts.items():
        if field not in fields:
            raise ValueError(f"{kind}.{field} does not take translations")
        text = (text or "").strip()
        row = db.session.scalar(select(ContentTranslation).where(
            ContentTranslation.object_type == kind, ContentTranslation.object_id == obj.id,
            ContentTranslation.field == field, ContentTranslation.lang == lang))
        if not text:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(ContentTranslation(object_type=kind, object_id=obj.id, field=field, lang=lang,
                                              text=text, created_by_id=getattr(by, "id", None)))
        else:
            row.text = text
    db.session.flush()
    if has_request_context():
        request._get_current_object().__dict__.pop("content_translations", None)


def _forget_translations(_mapper, connection, target) -> None:
    connection.execute(delete(ContentTranslation).where(
        ContentTranslation.object_type == target.__tablename__, ContentTranslation.object_id == target.id))


def watch_deletes(*models) -> None:
    """A deleted object takes its translations with it (ids may be reused on SQLite)."""
    for model in models:
        event.listen(model, "after_delete", _forget_translations)
