"""Uploaded artifacts: checked by content (never by name), stored outside static/ under random names.

`detect_type` is pure (bytes in, a type or a refusal out); `store` writes the file and adds
an Artifact row; `path_of` finds the stored file again. Nothing here is ever served inline:
the download view always answers with an attachment and the stored content type.
"""
import hashlib
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from .models import Artifact


class ArtifactRefused(ValueError):
    """The upload is not accepted; the message says why, in words for the uploader."""


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a download gets when the name has none of them
    description: str


PDF = FileType("application/pdf", (".pdf",), "PDF")
PNG = FileType("image/png", (".png",), "PNG")
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), "JPEG")
GIF = FileType("image/gif", (".gif",), "GIF")
WEBP = FileType("image/webp", (".webp",), "WebP")
TEXT = FileType("text/plain; charset=utf-8", (".txt", ".csv", ".md"), "text")
MP4 = FileType("video/mp4", (".mp4", ".m4v"), "MP4")
MOV = FileType("video/quicktime", (".mov",), "MOV")
M4A = FileType("audio/mp4", (".m4a",), "M4A")
MP3 = FileType("audio/mpeg", (".mp3",), "MP3")
WAV = FileType("audio/wav", (".wav",), "WAV")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",),
                "PowerPoint")

CONTENT_TYPES = {kind.content_type for kind in (PDF, PNG, JPEG, GIF, WEBP, TEXT, MP4, MOV, M4A, MP3, WAV,
                                                DOCX, XLSX, PPTX)}
ACCEPTED_DESCRIPTION = "PDF, PNG, JPEG, GIF, WebP, text, MP4, MOV, MP3, M4A, WAV, Word, Excel, PowerPoint"

# The main part's content type in [Content_Types].xml names what an Office file is.
OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"MSNV",
              b"3gp4", b"3gp5", b"M4V ", b"M4VH", b"M4VP"}
M4A_BRANDS = {b"M4A ", b"M4B "}
# Markup a browser would render or run if it ever opened the file as a page.
MARKUP_MARKERS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<?php",
                  b"<iframe", b"<object", b"<embed", b"<meta", b"<link", b"<img", b"<style", b"<form",
                  b"<a href", b"<xsl")
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf",
                    b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"#!")


def _office_type(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1_000_000:  # a real one is a few kilobytes; refuse a zip bomb
                return None
            manifest = archive.read(info)
            names = archive.namelist()
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macros: a program in disguise
    found = [kind for marker, kind in OFFICE_MAIN_PARTS.items() if marker in manifest]
    return found[0] if len(found) == 1 else None


def _is_mp3_frame(data: bytes) -> bool:
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return False
    version = (data[1] >> 3) & 0x03
    layer = (data[1] >> 1) & 0x03
    bitrate = data[2] >> 4
    return version != 0x01 and layer == 0x01 and bitrate not in (0x00, 0x0F)


def _text_type(data: bytes) -> FileType | None:
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lowered = data.lower()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        return None  # HTML, SVG or XML dressed as text: a browser could render or run it
    return TEXT


def detect_type(data: bytes) -> FileType:
    """The type of an upload judged from its bytes alone; ArtifactRefused when it is not accepted."""
    if not data:
        raise ArtifactRefused(_("The file is empty."))
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return MOV
        if brand in M4A_BRANDS:
            return M4A
        if brand in MP4_BRANDS:
            return MP4
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return MP3
    if head.startswith(b"PK\x03\x04"):
        office = _office_type(data)
        if office is not None:
            return office
        raise ArtifactRefused(_(
            "This zip file is not a Word, Excel or PowerPoint document (or it holds macros). "
            "Upload the document itself, or a PDF."))
    if head.startswith(EXECUTABLE_MAGIC):
        raise ArtifactRefused(_("Programs and scripts are not accepted, whatever the file is called."))
    text = _text_type(data.removeprefix(b"\xef\xbb\xbf"))
    if text is not None:
        return text
    lowered = data[:4096].lower()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        raise ArtifactRefused(_(
            "Web pages, SVG images and other markup are not accepted, whatever the file is called. "
            "Save it as a PDF or an image instead."))
    raise ArtifactRefused(_("This kind of file is not accepted. Accepted: %(types)s.",
                            types=ACCEPTED_DESCRIPTION))


def max_bytes() -> int:
    return int(current_app.config["ARTIFACT_MAX_BYTES"])


def describe_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def safe_download_name(original: str, kind: FileType) -> str:
    """The uploaded name without folders or odd characters, with an extension that fits the content."""
    name = PurePath((original or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*;').strip(". ") or "file"
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in kind.extensions:
        name = f"{stem if dot else name}{kind.extensions[0]}"
    return name[:255]


def artifact_dir() -> Path:
    path = Path(current_app.config["ARTIFACT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(artifact: Artifact) -> Path:
    return artifact_dir() / artifact.stored_name


def read_upload(stream, limit: int) -> bytes:
    """At most `limit` bytes of an upload stream; ArtifactRefused (naming the limit) when larger."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ArtifactRefused(_("The file is larger than the limit of %(limit)s. "
                                "Make it smaller, or share a link to it instead.", limit=describe_size(limit)))
    return data


def store(upload, uploaded_by) -> Artifact:
    """Check an uploaded file (a werkzeug FileStorage) and keep it; returns the new Artifact (flushed).

    Raises ArtifactRefused with a message for the uploader when the file is too large or of
    a type not accepted. The file lands under a random name in ARTIFACT_DIR.
    """
    data = read_upload(upload.stream, max_bytes())
    kind = detect_type(data)
    folder = artifact_dir()
    stored_name = secrets.token_hex(16)
    temporary = folder / f".{stored_name}.part"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, folder / stored_name)
    artifact = Artifact(
        stored_name=stored_name,
        original_name=safe_download_name(upload.filename or "", kind),
        content_type=kind.content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(artifact)
    db.session.flush()
    return artifact


def store_upload(field) -> tuple[object, bool]:
    """Keep the file chosen in `field`, if any: (artifact or None, True), or (None, False) with the
    refusal added to the field's errors."""
    upload = field.data
    if not upload or not getattr(upload, "filename", None):
        return None, True
    try:
        return store(upload, current_user), True
    except ArtifactRefused as refused:
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:100]
        field.errors.append(_("%(name)s: %(reason)s", name=name, reason=str(refused)))
        return None, False
