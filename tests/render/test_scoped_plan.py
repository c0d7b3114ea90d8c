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
from tests.render.structural_edits import SETTINGS, as_cached, check_edits, check_local_edits
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
    assert scope is not None and scope.groups == {"WidgetAgent"} and scope.types == {"BetaRequest"}
    assert found.same_routes  # the OpenAPI document is patched
    assert difference(before, _stored(alpha, beta)) == Difference(
        frozenset(), frozenset(), same_routes=True
    )
    put = beta.replace("POST /api/v1/Agents/Widget/Beta", "PUT /api/v1/Agents/Widget/Beta")
    moved = difference(before, _stored(alpha, put))
    assert moved is not None and moved.groups == {"WidgetAgent"} and not moved.same_routes


def test_a_new_operation_and_its_types_are_a_difference_a_scope_can_follow() -> None:
    alpha, beta, gamma = doc_text("Alpha"), doc_text("Beta"), doc_text("Gamma")
    before = as_cached(_stored(alpha, beta))
    found = difference(before, _stored(alpha, beta, gamma))
    assert found is not None
    assert found.groups == {"WidgetAgent"} and found.types == {"GammaRequest"}
    assert not found.same_operations and not found.same_routes and not found.same_entries
    assert found.classes_before == {"AlphaRequest": "AlphaRequest", "BetaRequest": "BetaRequest"}
    api = resolve([parsed(alpha, "0.md"), parsed(beta, "1.md"), parsed(gamma, "2.md")])
    scope = Scope.of_difference(api, found.groups, found.types, False, found.classes_before)
    assert scope is not None and scope.reordered and scope.openapi_whole
    assert scope.classes_before == found.classes_before


def test_an_operation_and_its_type_gone_are_a_difference_whose_scope_claims_their_files() -> None:
    alpha, beta = doc_text("Alpha"), doc_text("Beta")
    before = as_cached(_stored(alpha, beta))
    found = difference(before, _stored(alpha))
    assert found is not None and not found.same_operations and found.classes_before is not None
    assert found.groups == {"WidgetAgent"} and found.groups_before is None
    api = resolve([parsed(alpha, "0.md")])
    scope = Scope.of_difference(api, found.groups, found.types, False, found.classes_before)
    assert scope is not None
    files, _ = scope.claims(api, SETTINGS)
    assert {
        "client/src/generated_api/models/beta_request.py",
        "server/src/generated_api_server/models/beta_request.py",
        "schemas/BetaRequest.json",
    } <= files


def test_a_group_gone_is_a_difference_whose_scope_claims_its_files() -> None:
    alpha, beta = doc_text("Alpha"), doc_text("Beta").replace("WidgetAgent", "GadgetAgent")
    before = as_cached(_stored(alpha, beta))
    found = difference(before, _stored(alpha))
    assert found is not None and found.groups_before is not None
    api = resolve([parsed(alpha, "0.md")])
    scope = Scope.of_difference(
        api, found.groups, found.types, False, found.classes_before, found.groups_before
    )
    assert scope is not None
    files, folders = scope.claims(api, SETTINGS)
    assert {
        "client/src/generated_api/api/gadget_agent.py",
        "server/src/generated_api_server/interfaces/gadget_agent.py",
        "server/src/generated_api_server/routers/gadget_agent.py",
    } <= files
    assert "client/src/generated_api/api/gadget_agent/" in folders


def test_a_new_type_that_moves_an_older_ones_python_name_needs_a_whole_plan() -> None:
    api = resolve([parsed(doc_text("Alpha"), "0.md")])
    # `alpharequest` sorts after `AlphaRequest`, but a type named `AAlpha` whose class is
    # `AlphaRequest` takes the name first: the older type's class becomes `AlphaRequest2`.
    named = api.types["AlphaRequest"]
    taken = {"AAlpha": named.model_copy(update={"name": "AAlpha"}), **api.types}
    moved = api.model_copy(update={"types": dict(sorted(taken.items()))})
    classes = {"AlphaRequest": "AlphaRequest"}
    assert Scope.of_difference(moved, frozenset(), frozenset({"AAlpha"}), True, classes) is None


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
