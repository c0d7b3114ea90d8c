"""The named-type registry and sample inference, rule by rule, on small self-written docs."""

from __future__ import annotations

from generator.model import Api, TypeRef
from tests.resolve.builder import Doc, api_of, codes

WIDGET = [
    ("WidgetId", "int32"),
    ("Name", "string"),
    ("Owner", "Associate"),
    ("TableRight", "TableRight"),
    ("FieldProperties", "object"),
]


def prop(api: Api, type_name: str, name: str) -> TypeRef:
    return next(p.type for p in api.types[type_name].properties if p.name == name)


def response_type(api: Api, operation_id: str) -> TypeRef | None:
    endpoint = next(e for e in api.endpoints() if e.operation_id == operation_id)
    return next(r.type for r in endpoint.responses if r.type is not None)


def body_type(api: Api, operation_id: str) -> TypeRef:
    endpoint = next(e for e in api.endpoints() if e.operation_id == operation_id)
    assert endpoint.request_body is not None
    return endpoint.request_body.type


def test_a_request_view_without_server_owned_rows_is_the_same_type() -> None:
    api = api_of(
        Doc("v1WidgetEntity_GetWidget", response_name="WidgetEntity", response_rows=WIDGET),
        Doc(
            "v1WidgetEntity_PostWidget",
            method="POST",
            body_heading="entity",
            body_line="The WidgetEntity to save.",
            body_rows=WIDGET[:3],
            response_name="WidgetEntity",
            response_rows=WIDGET,
        ),
    )
    assert body_type(api, "v1WidgetEntity_PostWidget") == TypeRef(
        kind="ref", ref="WidgetEntity", origin=body_type(api, "v1WidgetEntity_PostWidget").origin
    )
    assert [p.name for p in api.types["WidgetEntity"].properties] == [name for name, _ in WIDGET]
    assert api.types["WidgetEntity"].origin.how == "merged"


def test_lowercase_formatted_cells_win_over_the_capitalised_body_vocabulary() -> None:
    api = api_of(
        Doc(
            "v1WidgetEntity_PostWidget",
            method="POST",
            body_heading="entity",
            body_rows=[("WidgetId", "Integer"), ("Created", "String")],
            response_name="WidgetEntity",
            response_rows=[("WidgetId", "int64"), ("Created", "date-time")],
        ),
    )
    assert prop(api, "WidgetEntity", "WidgetId").format == "int64"
    assert prop(api, "WidgetEntity", "Created").format == "date-time"


def test_capitalised_integer_and_number_default_to_int32_and_double() -> None:
    api = api_of(
        Doc(
            "v1WidgetAgent_Create",
            method="POST",
            body_heading="request",
            body_line="Count, Ratio",
            body_rows=[("Count", "Integer"), ("Ratio", "Number")],
        )
    )
    assert (
        prop(api, "CreateRequest", "Count").format,
        prop(api, "CreateRequest", "Ratio").format,
    ) == ("int32", "double")


def test_conflicting_cells_prefer_the_type_named_like_the_property_and_report_it() -> None:
    rows_a = [("Recurrence", "TableRight"), ("TableRight", "RecurrenceInfo")]
    rows_b = [("Recurrence", "RecurrenceInfo"), ("TableRight", "TableRight")]
    api = api_of(
        Doc("v1WidgetEntity_GetA", response_name="Meeting", response_rows=rows_a),
        Doc("v1WidgetEntity_GetB", path="/api/v1/B", response_name="Meeting", response_rows=rows_a),
        Doc("v1WidgetEntity_GetC", path="/api/v1/C", response_name="Meeting", response_rows=rows_b),
    )
    assert prop(api, "Meeting", "Recurrence").ref == "RecurrenceInfo"
    assert prop(api, "Meeting", "TableRight").ref == "TableRight"
    assert "X207" in codes(api)


def test_a_swapped_placeholder_in_a_single_doc_is_undone_by_the_property_names() -> None:
    api = api_of(
        Doc(
            "v1WidgetEntity_GetA",
            response_name="Meeting",
            response_rows=[("Recurrence", "TableRight"), ("TableRight", "RecurrenceInfo")],
        ),
        Doc(
            "v1WidgetEntity_GetB",
            path="/api/v1/B",
            response_name="Other",
            response_rows=[("Rule", "RecurrenceInfo")],
        ),
    )
    assert prop(api, "Meeting", "TableRight").ref == "TableRight"
    assert prop(api, "Meeting", "Recurrence").ref == "RecurrenceInfo"


def test_a_table_unlike_the_others_of_its_name_is_taken_as_misnamed() -> None:
    api = api_of(
        Doc(
            "v1WidgetEntity_GetA",
            response_name="Rights",
            response_rows=[("Mask", "string"), ("Reason", "string")],
        ),
        Doc(
            "v1WidgetEntity_GetB",
            path="/api/v1/B",
            response_name="Rights",
            response_rows=[("Mask", "string"), ("Reason", "string")],
        ),
        Doc(
            "v1WidgetEntity_GetC",
            path="/api/v1/C",
            response_name="Rights",
            response_rows=[("Title", "string"), ("Rank", "int32")],
        ),
    )
    assert [p.name for p in api.types["Rights"].properties] == ["Mask", "Reason"]
    assert "X208" in codes(api)
    assert response_type(api, "v1WidgetEntity_GetC") == TypeRef(kind="ref", ref="GetCResult", origin=response_type(api, "v1WidgetEntity_GetC").origin)  # type: ignore[union-attr]


def test_array_items_come_from_the_sample_scalars_and_known_objects() -> None:
    rows = [("Tags", "array"), ("Owners", "array"), ("Counts", "Array")]
    sample = {
        "Tags": ["a", "b"],
        "Owners": [{"WidgetId": 1, "Name": "x", "Owner": None}],
        "Counts": [1, 2],
    }
    api = api_of(
        Doc("v1WidgetEntity_GetWidget", response_name="WidgetEntity", response_rows=WIDGET),
        Doc(
            "v1WidgetEntity_GetBox",
            path="/api/v1/Box",
            response_name="Box",
            response_rows=rows,
            sample_response=sample,
        ),
    )
    assert prop(api, "Box", "Tags").items == TypeRef(kind="string", origin=prop(api, "Box", "Tags").items.origin)  # type: ignore[union-attr]
    assert prop(api, "Box", "Owners").items.ref == "WidgetEntity"  # type: ignore[union-attr]
    assert prop(api, "Box", "Counts").items.format == "int32"  # type: ignore[union-attr]


def test_dictionary_values_date_times_and_no_enum_from_one_example() -> None:
    rows = [("Extra", "object"), ("When", "String"), ("State", "String")]
    sample = {
        "Extra": {"a": "x", "b": "y"},
        "When": "2020-01-02T03:04:05.1234567+01:00",
        "State": "Active",
    }
    api = api_of(
        Doc("v1BoxEntity_GetBox", response_name="Box", response_rows=rows, sample_response=sample)
    )
    assert prop(api, "Box", "Extra").values.kind == "string"  # type: ignore[union-attr]
    assert prop(api, "Box", "When").format == "date-time"
    assert prop(api, "Box", "State").enum == () and prop(api, "Box", "State").format is None


def test_a_sample_that_contradicts_the_table_wins_when_it_shares_no_key() -> None:
    api = api_of(
        Doc("v1WidgetEntity_GetWidget", response_name="WidgetEntity", response_rows=WIDGET),
        Doc(
            "v1BoxEntity_GetBox",
            path="/api/v1/Box",
            response_name="Box",
            response_rows=[("Values", "WidgetEntity")],
            sample_response={"Values": {"Values1": "a", "Values2": "b"}},
        ),
    )
    values = prop(api, "Box", "Values")
    assert (values.kind, values.values.kind) == ("object", "string")  # type: ignore[union-attr]
    assert "X207" in codes(api)


def test_a_type_only_named_gets_its_properties_from_samples_even_under_a_plural_name() -> None:
    rows = [("Lead", "Person"), ("Persons", "array")]
    sample = {"Lead": None, "Persons": [{"PersonId": 3, "Born": "2001-02-03T00:00:00Z"}]}
    api = api_of(
        Doc("v1BoxEntity_GetBox", response_name="Box", response_rows=rows, sample_response=sample)
    )
    assert prop(api, "Box", "Persons").items.ref == "Person"  # type: ignore[union-attr]
    assert [(p.name, p.type.describe()) for p in api.types["Person"].properties] == [
        ("PersonId", "integer(int32)"),
        ("Born", "string(date-time)"),
    ]
    assert api.types["Person"].origin.how == "sample"


def test_objects_only_samples_show_become_types_named_where_they_were_seen() -> None:
    sample = {"Alarms": [{"AlarmId": 1, "At": "x"}]}
    api = api_of(
        Doc(
            "v1BoxEntity_GetBox",
            response_name="Box",
            response_rows=[("Alarms", "array")],
            sample_response=sample,
        )
    )
    assert prop(api, "Box", "Alarms").items.ref == "AlarmsItem"  # type: ignore[union-attr]
    assert [p.name for p in api.types["AlarmsItem"].properties] == ["AlarmId", "At"]


def test_older_dialect_empty_cells_take_the_sample_then_the_property_name() -> None:
    rows = [("Associate", ""), ("Stats", ""), ("Misc", "")]
    sample = {"Associate": None, "Stats": {"Count": 2}, "Misc": None}
    api = api_of(
        Doc(
            "v1AssociateEntity_GetAssociate",
            path="/api/v1/Associate",
            response_name="Associate",
            response_rows=[("AssociateId", "int32")],
        ),
        Doc("v1BoxEntity_GetBox", path="/api/v1/Box", response_rows=rows, sample_response=sample),
    )
    box = api.types["GetBoxResult"]
    kinds = {p.name: p.type.describe() for p in box.properties}
    assert kinds["Associate"] == "Associate"
    assert kinds["Misc"] == "object"
    assert api.types[kinds["Stats"]].properties[0].name == "Count"
    assert "X209" in codes(api)


def test_unnamed_tables_with_the_same_rows_share_one_type() -> None:
    rows = [("A", "string"), ("B", "int32")]
    api = api_of(
        Doc("v1BoxEntity_GetOne", response_rows=rows),
        Doc("v1BoxEntity_GetTwo", path="/api/v1/Two", response_rows=rows),
    )
    assert response_type(api, "v1BoxEntity_GetOne").ref == response_type(api, "v1BoxEntity_GetTwo").ref  # type: ignore[union-attr]


def test_rpc_request_bodies_are_named_after_the_operation_and_qualified_when_they_clash() -> None:
    api = api_of(
        Doc(
            "v1SaleAgent_Delete",
            method="POST",
            path="/api/v1/Agents/Sale/Delete",
            body_heading="request",
            body_line="SaleId",
            body_rows=[("SaleId", "int32")],
        ),
        Doc(
            "v1TableAgent_Delete",
            method="POST",
            path="/api/v1/Agents/Table/Delete",
            body_heading="request",
            body_line="Name",
            body_rows=[("Name", "string")],
        ),
    )
    assert {
        body_type(api, "v1SaleAgent_Delete").ref,
        body_type(api, "v1TableAgent_Delete").ref,
    } == {"SaleAgentDeleteRequest", "TableAgentDeleteRequest"}


def test_an_unnamed_table_takes_the_type_its_summary_names_and_properties_find_it() -> None:
    gets = Doc(
        "v1AssociateAgent_GetAssociate",
        path="/api/v1/Agents/Associate/GetAssociate",
        response_rows=[("AssociateId", "int32")],
    )
    gets.summary = "Gets a Associate object."
    api = api_of(
        gets, Doc("v1BoxEntity_GetBox", path="/api/v1/Box", response_rows=[("Associate", "")])
    )
    assert [p.name for p in api.types["Associate"].properties] == ["AssociateId"]
    assert api.types["GetBoxResult"].properties[0].type.ref == "Associate"


def test_sample_only_properties_take_the_shape_of_the_same_property_elsewhere_unless_the_sample_contradicts() -> (
    None
):
    sample = {"Rows": [{"RowId": 1, "Extra": {"a": "b"}, "Country": "Elbonia", "Items": [{}, {}]}]}
    api = api_of(
        Doc(
            "v1CountryEntity_GetCountry",
            path="/api/v1/Country",
            response_name="Country",
            response_rows=[("CountryId", "int32")],
        ),
        Doc(
            "v1WidgetEntity_GetWidget",
            path="/api/v1/Widget",
            response_name="Widget",
            response_rows=[("Extra", "object"), ("Country", "Country"), ("Items", "object")],
        ),
        Doc(
            "v1BoxEntity_GetBox",
            path="/api/v1/Box",
            response_name="Box",
            response_rows=[("Rows", "array")],
            sample_response=sample,
        ),
    )
    row = {p.name: p.type.describe() for p in api.types["RowsItem"].properties}
    assert row == {
        "RowId": "integer(int32)",
        "Extra": "dict<string>",
        "Country": "string",
        "Items": "array<object>",
    }
