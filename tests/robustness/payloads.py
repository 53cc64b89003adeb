"""Hostile input for forms and query strings, as Hypothesis strategies.

The markers below are what must never come back unescaped in a page: a saved or echoed
"<script>alert(1)</script>" has to appear as "&lt;script&gt;...".
"""
import io

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")

TEXT = [
    "A" * 10_000,
    "é" * 5_001,
    SCRIPT,
    IMAGE,
    f"Ms {SCRIPT} Smith",
    "'; DROP TABLE user; --",
    "1' OR '1'='1",
    "%_\\%",
    "\u202eRTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "👩🏽‍🏫🎉 emoji",
    "nul\x00byte",
    "\x00",
    "e\u0301\u0301\u0301\u0301 z\u0336a\u0336",
    "\ud7ff\ufeff\u200b\u2028",
    "",
    " ",
    "\t\r\n",
    "{{ 7*7 }} ${7*7} %(x)s {0}",
    "../../etc/passwd",
    "javascript:alert(1)",
    "=cmd|' /C calc'!A0",
]
NUMBERS = [
    "10" + "0" * 30, "-1", "0", "-0", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "1.5", "3,5",
    "2147483648", "-2147483649", "9223372036854775808", "0x10", "1_000", "²", "١٢", "٣", " 7 ", "7.",
]
DATES = [
    "0000-00-00", "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "1900-01-01", "2026-1-1",
    "31/12/2026", "2026-12-31T10:00", "20261231", "10000-01-01", "-2026-01-01",
]


def file_payloads():
    return st.sampled_from([
        (b"", "empty.txt"),
        (b"\x00\xff\xfe junk \x89PNG", "junk.bin"),
        (b"plain text", f"{SCRIPT}.txt"),
        (b"plain text", "a" * 300 + ".txt"),
        (b"%PDF-1.4 not really", "notes.pdf"),
        (b"MZ\x90\x00", "tool.exe"),
        (b"{\"CFDocument\": ", "broken.json"),
        (b"code,statement\n\xe9,caf\xe9\n", "latin1.csv"),
        (b"PK\x03\x04 truncated", "set.zip"),
    ]).map(lambda item: (io.BytesIO(item[0]), item[1]))


# The values that found bugs first: ids past the database's range, a digit that is no number,
# a NUL, markup. Every field gets one of these often.
KILLERS = ["10" + "0" * 30, "2147483648", "²", "-1", "\x00", SCRIPT, "A" * 10_000, ""]


def text_values():
    return st.one_of(st.sampled_from(KILLERS), st.sampled_from(TEXT), st.text(max_size=40),
                     st.sampled_from(NUMBERS + DATES))


def value_for(kind: str, options: list):
    """A hostile value for a field of this kind (options: its choices, if any)."""
    if kind == "file":
        return file_payloads()
    hostile = text_values()
    if kind in ("number", "range"):
        hostile = st.one_of(st.sampled_from(NUMBERS), hostile)
    elif kind in ("date", "datetime-local", "month"):
        hostile = st.one_of(st.sampled_from(DATES), hostile)
    if options:
        chosen = st.sampled_from(options)
        several = st.lists(st.sampled_from(options + NUMBERS[:4]), min_size=2, max_size=3)
        return st.one_of(st.sampled_from(KILLERS), chosen, hostile, several)
    return hostile
