"""The OneRoster 1.2 CSV column rules the gradebook files must keep (the 1EdTech CSV binding, v1.2):
each file's columns in order, the required ones filled, references that resolve, the enumerations,
dates and numbers in their formats, and bulk files with status and dateLastModified left empty."""
import csv
import io
import re
import zipfile
from datetime import date, datetime

# (column, required, kind)
COLUMNS = {
    "categories.csv": [("sourcedId", True, "id"), ("status", False, "status"), ("dateLastModified", False, "datetime"),
                       ("title", True, "text"), ("weight", False, "float")],
    "lineItems.csv": [("sourcedId", True, "id"), ("status", False, "status"), ("dateLastModified", False, "datetime"),
                      ("title", True, "text"), ("description", False, "text"), ("assignDate", True, "datetime"),
                      ("dueDate", True, "datetime"), ("classSourcedId", True, "id"),
                      ("categorySourcedId", True, "id"), ("gradingPeriodSourcedId", False, "id"),
                      ("resultValueMin", False, "float"), ("resultValueMax", False, "float"),
                      ("schoolSourcedId", False, "id")],
    "results.csv": [("sourcedId", True, "id"), ("status", False, "status"), ("dateLastModified", False, "datetime"),
                    ("lineItemSourcedId", True, "id"), ("studentSourcedId", True, "id"),
                    ("classSourcedId", False, "id"), ("scoreScaleSourcedId", False, "id"),
                    ("scoreStatus", True, "score_status"), ("score", False, "float"), ("textScore", False, "text"),
                    ("scoreDate", True, "date"), ("comment", False, "text"), ("inProgress", False, "bool"),
                    ("incomplete", False, "bool"), ("late", False, "bool"), ("missing", False, "bool")],
}
SCORE_STATUSES = {"exempt", "fully graded", "not submitted", "partially graded", "submitted"}
STATUSES = {"active", "tobedeleted"}


def _ok(kind: str, value: str) -> bool:
    if kind in ("id", "text"):
        return True
    if kind == "status":
        return value in STATUSES
    if kind == "score_status":
        return value in SCORE_STATUSES
    if kind == "float":
        try:
            float(value)
            return True
        except ValueError:
            return False
    if kind == "bool":
        return value in ("true", "false")
    if kind == "date":
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))
    if kind == "datetime":
        try:
            return value.endswith("Z") and bool(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return False
    raise AssertionError(kind)


def problems(archive_bytes: bytes, *, known_classes=(), known_students=()) -> list[str]:
    """Every way the zipped gradebook breaks the 1.2 CSV rules (empty when it keeps them)."""
    found = []
    archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
    files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    manifest = dict(csv.reader(io.StringIO(files.get("manifest.csv", ""))))
    if manifest.get("oneroster.version") != "1.2" or manifest.get("manifest.version") != "1.0":
        found.append("manifest: versions must be manifest.version 1.0 and oneroster.version 1.2")
    rows_by_file = {}
    for name, columns in COLUMNS.items():
        mode = manifest.get(f"file.{name[:-4]}")
        if name not in files:
            if mode not in (None, "absent"):
                found.append(f"{name}: declared {mode} but missing")
            continue
        if mode not in ("bulk", "delta"):
            found.append(f"{name}: present but the manifest declares it {mode}")
        reader = csv.reader(io.StringIO(files[name]))
        header = next(reader)
        if header != [column for column, _r, _k in columns]:
            found.append(f"{name}: columns {header} are not the 1.2 columns in order")
            continue
        rows = [dict(zip(header, row)) for row in reader]
        rows_by_file[name] = rows
        for n, row in enumerate(rows, start=2):
            for column, required, kind in columns:
                value = row[column]
                if mode == "bulk" and column in ("status", "dateLastModified") and value:
                    found.append(f"{name} row {n}: {column} must be empty in a bulk file")
                elif required and not value:
                    found.append(f"{name} row {n}: {column} is required")
                elif value and not _ok(kind, value):
                    found.append(f"{name} row {n}: {column} {value!r} is not a valid {kind}")
    items = {row["sourcedId"] for row in rows_by_file.get("lineItems.csv", [])}
    categories = {row["sourcedId"] for row in rows_by_file.get("categories.csv", [])}
    for row in rows_by_file.get("lineItems.csv", []):
        if row["categorySourcedId"] not in categories:
            found.append(f"lineItems.csv: category {row['categorySourcedId']} is in no categories.csv row")
        if known_classes and row["classSourcedId"] not in known_classes:
            found.append(f"lineItems.csv: class {row['classSourcedId']} is not a class of the roster")
    for row in rows_by_file.get("results.csv", []):
        if row["lineItemSourcedId"] not in items:
            found.append(f"results.csv: line item {row['lineItemSourcedId']} is in no lineItems.csv row")
        if known_students and row["studentSourcedId"] not in known_students:
            found.append(f"results.csv: student {row['studentSourcedId']} is not a user of the roster")
    for name in ("lineItems.csv", "results.csv", "categories.csv"):
        ids = [row["sourcedId"] for row in rows_by_file.get(name, [])]
        if len(ids) != len(set(ids)):
            found.append(f"{name}: sourcedIds repeat")
    return found
