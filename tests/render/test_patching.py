"""The line patcher of the data and case files a scoped plan patches (render/patching.py)."""

from __future__ import annotations

from generator.render.patching import patched_lines
from generator.render.python_samples import document, patched_cases
from generator.render.server import data_document, patched_data

CASES = [{"operationId": "a", "n": 1}, {"operationId": "b", "n": 2}, {"operationId": "c", "n": 3}]


def operation(case: object) -> object:
    return case.get("operationId") if isinstance(case, dict) else None


def test_the_cases_of_the_operations_made_again_are_replaced_in_place() -> None:
    fresh = [{"operationId": "b", "n": 20}]
    expected = document([CASES[0], fresh[0], CASES[2]])
    assert patched_cases(document(CASES), fresh, operation, {"b"}) == expected


def test_an_operation_made_again_without_its_case_cannot_be_patched() -> None:
    assert patched_cases(document(CASES), [], operation, {"b"}) is None


def test_a_case_the_document_lacks_or_holds_twice_cannot_be_patched() -> None:
    assert patched_cases(document(CASES), [{"operationId": "d"}], operation, {"d"}) is None
    twice = document([CASES[0], CASES[0]])
    assert patched_cases(twice, [CASES[0]], operation, {"a"}) is None


def test_an_empty_document_is_patched_only_by_no_case() -> None:
    assert patched_cases(document([]), [], operation, {"a"}) == document([])
    assert patched_cases(document([]), CASES[:1], operation, {"a"}) is None


def test_the_entries_of_a_data_document_are_replaced_in_place() -> None:
    entries = [("a", {"x": 1}), ("b", {"x": 2})]
    expected = data_document([("a", {"x": 1}), ("b", {"x": 3})])
    assert patched_data(data_document(entries), {"b": {"x": 3}}) == expected
    assert patched_data(data_document(entries), {"c": {"x": 3}}) is None
    assert patched_data(data_document([]), {}) == data_document([])


def test_a_text_not_in_the_document_form_cannot_be_patched() -> None:
    assert patched_lines("[\n{}\n", "[]\n", ("[", "]"), {}, str) is None


def test_a_server_case_lost_by_an_operation_whose_id_holds_a_parenthesis_cannot_be_patched() -> (
    None
):
    """A server case's id is the operation id and the doc's place; the operation is taken up to the
    first ` (`, for the cases and for the operations made again alike."""
    from generator.render.python_samples import server_operation

    cases = [{"id": "A (B (a.md:1)"}, {"id": "C (c.md:1)"}]
    assert patched_cases(document(cases), [], server_operation, {"A"}) is None
