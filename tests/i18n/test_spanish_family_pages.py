"""Issue 20: every page the demo's Spanish-speaking guardian (Lucía) can reach is in Spanish. No
interface string is left in English (text or label equal to an English message of the catalogue
whose Spanish differs), and no school content (titles, statements, labels, descriptors) appears
in English without a `lang` attribute saying so."""
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

from babel.messages.pofile import read_po
from markupsafe import escape
from sqlalchemy import select

from tracker.competencies.models import Competency, Framework, RubricDescriptor, ScaleLevel
from tracker.extensions import db
from tracker.progressions.models import Progression
from tests.test_translations import ROOT

SKIP = re.compile(r"(/logout|/static/|\.(csv|json|pdf|zip|xml|ics|png|svg|ico|txt)$|/download|/export|/login)",
                  re.I)
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
MAX_PAGES = 80
PER_SHAPE = 4  # pages with the same address but for its ids (one learner's, another's) read at most


class PageText(HTMLParser):
    """Text and labels of a page, each with the language it is declared in (the nearest `lang`)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.pieces, self.links = [], [], []

    def lang(self):
        return next((lang for _tag, lang in reversed(self.stack) if lang), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and "download" not in attrs:
            self.links.append(attrs["href"])
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("lang")))
        lang = attrs.get("lang") or self.lang()
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append((lang, attrs[name].strip()))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.pieces.append((lang, attrs["value"].strip()))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        text = " ".join(data.split())
        if text:
            self.pieces.append((self.lang(), text))


def english_messages() -> set[str]:
    with open(ROOT / "tracker/translations/es/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f, locale="es")
    found = set()
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        string = message.string[0] if isinstance(message.string, tuple) else message.string
        # Whole words only: "OK", "ID" or a code that reads the same in both languages are no finding.
        if key and string and key != string and "%" not in key and len(key) > 3:
            found.add(key)
    return found


def english_content() -> set[str]:
    texts = set()
    for column in (Framework.title, Competency.statement, Competency.student_statement, Progression.title,
                   RubricDescriptor.descriptor, ScaleLevel.label):
        texts.update(text.strip() for text in db.session.scalars(select(column)) if text and len(text) > 3)
    return texts


def crawl(client, start: str):
    seen, queue, pages, shapes = {start}, [start], {}, {}
    while queue and len(pages) < MAX_PAGES:
        address = queue.pop(0)
        response = client.get(address)
        assert response.status_code < 500, address
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        parser = PageText()
        body = response.get_data(as_text=True)
        parser.feed(body)
        pages[address] = (body, parser)
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlparse(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            shape = re.sub(r"\d+", "N", parts.path)
            if href not in seen and shapes.get(shape, 0) < PER_SHAPE:
                seen.add(href)
                shapes[shape] = shapes.get(shape, 0) + 1
                queue.append(href)
    return pages


def test_every_page_the_spanish_guardian_reaches_is_in_spanish(app, client, auth):
    from tracker.demo.school import DEMO_PASSWORD
    from tracker.demo.service import load_demo

    load_demo()
    db.session.commit()
    response = client.post("/login", data={"email": "lucia.hernandez@family.demo.school",
                                           "password": DEMO_PASSWORD})
    assert response.status_code == 302
    pages = crawl(client, "/")
    assert len(pages) >= 5, list(pages)
    interface, content = english_messages(), english_content()
    long_content = [c for c in content if len(c) > 24]
    untranslated, unmarked = set(), set()
    for address, (body, parser) in pages.items():
        assert '<html lang="es"' in body, address
        for lang, text in parser.pieces:
            if lang not in (None, "es"):
                continue
            if text in interface:
                untranslated.add((urlparse(address).path, text))
            elif text.strip("“”\"'.·: ") in content or any(len(c) > 24 and c in text for c in long_content):
                unmarked.add((urlparse(address).path, text))
    assert not untranslated, sorted(untranslated)[:20]
    assert not unmarked, f"{len(unmarked)} pieces of English content without lang: {sorted(unmarked)[:20]}"
    print(f"\n{len(pages)} pages read: {' '.join(sorted(pages))}")


def test_content_without_a_spanish_translation_is_marked_english(app, client):
    """Take away the Spanish of the path's title and of one step: the pages show the English, marked."""
    from tracker.competencies.translation import ContentTranslation
    from tracker.demo.school import DEMO_PASSWORD
    from tracker.demo.service import load_demo

    load_demo()
    progression = db.session.scalar(select(Progression).where(Progression.title == "Grade 6 Mathematics Pathway"))
    step = progression.steps[0].competency
    db.session.execute(ContentTranslation.__table__.delete().where(
        ((ContentTranslation.object_type == "progression") & (ContentTranslation.object_id == progression.id))
        | ((ContentTranslation.object_type == "competency") & (ContentTranslation.object_id == step.id))))
    db.session.commit()
    client.post("/login", data={"email": "lucia.hernandez@family.demo.school", "password": DEMO_PASSWORD})
    children = client.get("/my/children").get_data(as_text=True)
    assert '<span lang="en">Grade 6 Mathematics Pathway</span>' in children
    learner_id = re.search(r'href="/learners/(\d+)/family"', children).group(1)
    body = client.get(f"/learners/{learner_id}/progress").get_data(as_text=True)
    assert f'<span lang="en">{escape(step.student_statement)}</span>' in body
    assert "Camino de matemáticas" not in body

