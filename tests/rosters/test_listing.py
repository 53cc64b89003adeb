"""The shared list-page helpers: parameters, search and CSV cells."""
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from tracker.listing import ListParams, csv_cell


def test_list_params_ignore_nonsense():
    params = ListParams.from_args(MultiDict({"q": "  maya   hern ", "status": "deleted", "page": ""}))
    assert params == ListParams(q="maya hern", status="active", page=1)
    assert ListParams.from_args(MultiDict({"status": "inactive", "page": "4"})).page == 4


@pytest.mark.parametrize("page", ["-3", "two", "0", "²", "99999999999999999999999", "2147483648"])
def test_a_page_number_that_cannot_be_is_refused_by_name(app, page):
    with pytest.raises(BadRequest, match="page"):
        ListParams.from_args(MultiDict({"page": page}))


def test_list_params_keep_only_known_filters():
    params = ListParams.from_args(MultiDict({"role": "teacher"}), role=("teacher", "admin"))
    assert params.url_args() == {"status": "active", "role": "teacher"}
    assert ListParams.from_args(MultiDict({"role": "king"}), role=("teacher",)).filters == {}


def test_csv_cells_that_look_like_formulas_are_neutralised():
    for dangerous in ["=1+1", "+44 20", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd"]:
        assert csv_cell(dangerous) == "'" + dangerous
    assert csv_cell("Maya") == "Maya"
    assert csv_cell("a=b") == "a=b"


def test_csv_cells_for_other_values():
    assert csv_cell(None) == ""
    assert csv_cell(True) == "yes" and csv_cell(False) == "no"
    assert csv_cell(-5) == "-5"  # a number is not a formula
    assert csv_cell(date(2026, 8, 24)) == "2026-08-24"
