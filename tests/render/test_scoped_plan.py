"""A plan scoped to how the Api changed (render/plan.py, Scope.of_difference), with the last plan's
files kept for the rest, gives every file a whole plan gives, for edits of every fixture doc beyond
its prose; edits that change what every group draws on need a whole plan."""

from __future__ import annotations

from generator.model import SourceFile
from generator.parse import parse_doc
from generator.pipeline import read_inputs
from generator.render.plan import Scope
from generator.resolve import resolve
from generator.resolve.stored import Difference, StoredApi, difference
from tests.conftest import ROOT, parsed
from tests.render.structural_edits import as_cached, check_edits, check_local_edits
from tests.write.fixture_docs import doc_text

FIXTURES = ("seeds", "tests/client/docs", "tests/server/docs")


def test_structural_edits_of_every_fixture_doc_render_in_scope_what_a_whole_plan_does() -> None:
    for folder in FIXTURES:
        files = read_inputs(ROOT / folder).files
        outcome = check_edits(files, files)
        assert not outcome.wrong, outcome.wrong
        assert len(outcome.scoped) > len(outcome.whole), (folder, outcome.whole)


def _stored(*texts: str) -> StoredApi:
    files = [SourceFile(path=f"{number}.md", text=text) for number, text in enumerate(texts)]
    docs = [parse_doc(file).doc for file in files]
    return StoredApi.of(resolve([doc for doc in docs if doc is not None]), None)


def test_the_difference_names_the_changed_types_and_groups_alone() -> None:
    alpha, beta = doc_text("Alpha"), doc_text("Beta")
    before = as_cached(_stored(alpha, beta))
    retyped = beta.replace("| WidgetId | int32 |", "| WidgetId | int64 |")
    found = difference(before, _stored(alpha, retyped))
    assert found is not None
    assert found.types == {"BetaRequest"}
    assert found.groups == frozenset()  # its endpoint names the type as before
    api = resolve([parsed(alpha, "0.md"), parsed(retyped, "1.md")])
    scope = Scope.of_difference(api, found.groups, found.types)
    assert scope.groups == {"WidgetAgent"} and scope.types == {"BetaRequest"}
    assert found.same_routes  # the OpenAPI document is patched
    assert difference(before, _stored(alpha, beta)) == Difference(
        frozenset(), frozenset(), same_routes=True
    )
    put = beta.replace("POST /api/v1/Agents/Widget/Beta", "PUT /api/v1/Agents/Widget/Beta")
    moved = difference(before, _stored(alpha, put))
    assert moved is not None and moved.groups == {"WidgetAgent"} and not moved.same_routes


def test_a_new_operation_or_type_name_has_no_difference_a_scope_can_follow() -> None:
    alpha, beta = doc_text("Alpha"), doc_text("Beta")
    before = as_cached(_stored(alpha, beta))
    assert difference(before, _stored(alpha, beta, doc_text("Gamma"))) is None
    assert difference(before, _stored(alpha)) is None


def test_property_cell_edits_of_every_fixture_doc_render_in_the_local_scope_what_a_whole_plan_does() -> (
    None
):
    scoped = []
    for folder in FIXTURES:
        files = read_inputs(ROOT / folder).files
        outcome = check_local_edits(files, files)
        assert not outcome.wrong, outcome.wrong
        scoped += outcome.scoped
    assert len(scoped) >= 10, scoped
