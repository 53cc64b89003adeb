"""Helpers for the roster admin pages (the signed-in `admin` fixture is in tests/conftest.py)."""
import csv
import io


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download (header first), after checking it is an attachment."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
