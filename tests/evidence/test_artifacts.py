"""Artifact types are judged by content, never by name; sizes are limited; files get random names."""
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from tracker.evidence import artifacts
from tracker.evidence.artifacts import ArtifactRefused, detect_type

from .conftest import PDF_BYTES, PNG_BYTES, file_storage


def office_file(main_type: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>'))
        archive.writestr("main.xml", "<x/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.mark.parametrize("data, content_type", [
    (PDF_BYTES, "application/pdf"),
    (PNG_BYTES, "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    (b"GIF89a\x01\x00\x01\x00", "image/gif"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "video/mp4"),
    (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "video/quicktime"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),
    (b"ID3\x03\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
    (b"\xff\xfb\x90\x64\x00\x00", "audio/mpeg"),
    ("Ratio notes: 3 cups to 2 cups, 3 < 4.\nÁngulo ✓".encode(), "text/plain; charset=utf-8"),
    (office_file(DOCX_MAIN), artifacts.DOCX.content_type),
    (office_file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
     artifacts.XLSX.content_type),
    (office_file("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
     artifacts.PPTX.content_type),
])
def test_accepted_types_are_recognised_by_content(data, content_type):
    assert detect_type(data).content_type == content_type


@pytest.mark.parametrize("data, words", [
    (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "Web pages"),
    (b"  <html><body>hi</body></html>", "Web pages"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "SVG"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "Programs"),
    (b"\x7fELF\x02\x01\x01\x00", "Programs"),
    (b"#!/bin/sh\nrm -rf /\n", "Programs"),
    (b"\x00\x01\x02\x03binary junk", "not accepted"),
    (b"\xff\xfe\x00\x00 not utf-8 \x80\x81", "not accepted"),
    (office_file("application/vnd.ms-word.document.macroEnabled.main+xml", {"word/vbaProject.bin": "x"}),
     "macros"),
    (office_file("text/html"), "zip"),
    (b"", "empty"),
])
def test_refused_content_says_why(data, words):
    with pytest.raises(ArtifactRefused) as refused:
        detect_type(data)
    assert words in str(refused.value)


def test_download_name_gets_an_extension_that_fits_the_content():
    assert artifacts.safe_download_name("../../etc/report.pdf", artifacts.PDF) == "report.pdf"
    assert artifacts.safe_download_name("photo.exe", artifacts.PNG) == "photo.png"
    assert artifacts.safe_download_name("C:\\Users\\kid\\notes", artifacts.TEXT) == "notes.txt"
    assert artifacts.safe_download_name('a"b<c>.txt', artifacts.TEXT) == "abc.txt"


def test_store_keeps_the_file_under_a_random_name_with_its_hash(app):
    artifact = artifacts.store(file_storage(PDF_BYTES, "My Essay.pdf"), None)
    path = artifacts.path_of(artifact)
    assert path.read_bytes() == PDF_BYTES
    assert path.parent == Path(app.config["ARTIFACT_DIR"])
    assert "static" not in path.parts
    assert len(artifact.stored_name) == 32 and "Essay" not in artifact.stored_name
    assert artifact.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert artifact.size_bytes == len(PDF_BYTES)
    assert artifact.original_name == "My Essay.pdf"
    assert artifact.content_type == "application/pdf"
    other = artifacts.store(file_storage(PDF_BYTES, "My Essay.pdf"), None)
    assert other.stored_name != artifact.stored_name


def test_store_refuses_a_file_over_the_limit_and_names_the_limit(app):
    app.config["ARTIFACT_MAX_BYTES"] = 2 * 1024 * 1024
    with pytest.raises(ArtifactRefused) as refused:
        artifacts.store(file_storage(PDF_BYTES + b"0" * (2 * 1024 * 1024), "big.pdf"), None)
    assert "2 MB" in str(refused.value)
    assert not any(Path(app.config["ARTIFACT_DIR"]).glob("*"))
