"""The workbench puts the cursor on the next field to fill after every round trip
(approvals.views.intake.intake_focus): one element carries autofocus, chosen by the server."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.approvals.pages.helpers import VALID_ID, intake_data, logged_in

pytestmark = pytest.mark.usefixtures("at_monday", "seal")
URL = "approvals:workbench"


class _Autofocus(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []  # (tag, id) of every element with autofocus

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "autofocus" in attrs:
            self.found.append((tag, attrs.get("id")))


def focused(response) -> str:
    """The id of THE element with autofocus; fails unless there is exactly one."""
    parser = _Autofocus()
    parser.feed(response.content.decode())
    assert len(parser.found) == 1, parser.found
    return parser.found[0][1]


def lookup(client, version, **fields):
    data = {"item": version.item.code, "op": "lookup", "kind": "person", **fields}
    return client.post(reverse(URL), data)


def test_an_empty_workbench_focuses_the_item_search(client, clerk, version):
    assert focused(logged_in(client, clerk).get(reverse(URL))) == "item-q"


def test_search_results_focus_the_first_numbered_pick(client, clerk, version):
    response = logged_in(client, clerk).get(reverse(URL), {"q": "测试许可"})
    assert focused(response) == "item-pick-1"
    body = response.content.decode()
    assert 'data-pick="1"' in body and "<kbd" in body


def test_a_search_without_results_keeps_the_cursor_in_the_search(client, clerk, version):
    response = logged_in(client, clerk).get(reverse(URL), {"q": "没有这个事项"})
    assert focused(response) == "item-q"


def test_an_item_chosen_puts_the_cursor_on_the_id_number(client, clerk, version):
    response = logged_in(client, clerk).get(reverse(URL), {"item": version.item.code})
    assert focused(response) == "id_id_number"


def test_a_known_applicant_moves_on_to_the_first_empty_field(client, clerk, version, applicant):
    # Name, phone and address come from the register: the content is the next to fill.
    response = lookup(logged_in(client, clerk), version, id_number=applicant.id_number)
    assert focused(response) == "id_content"


def test_a_known_applicant_with_content_typed_goes_to_the_first_material(
    client, clerk, version, applicant, materials
):
    response = lookup(
        logged_in(client, clerk), version, id_number=applicant.id_number, content="开办超市"
    )
    assert focused(response) == f"id_provided_{materials[0]}"


def test_a_known_applicant_with_an_empty_phone_stops_at_the_phone(
    client, clerk, version, applicant
):
    applicant.phone = ""
    applicant.save(update_fields=["phone"])
    response = lookup(logged_in(client, clerk), version, id_number=applicant.id_number)
    assert focused(response) == "id_phone"


def test_an_unknown_applicant_goes_to_the_name(client, clerk, version, db):
    response = lookup(logged_in(client, clerk), version, id_number=VALID_ID)
    assert focused(response) == "id_name"


def test_a_bad_id_number_on_lookup_stays_on_it_and_says_why_as_an_alert(client, clerk, version):
    response = lookup(logged_in(client, clerk), version, id_number="123")
    assert focused(response) == "id_id_number"
    body = response.content.decode()
    assert 'role="alert" data-testid="error-id_number"' in body


def test_a_submit_error_focuses_the_first_field_with_an_error(client, clerk, version):
    # The phone comes before the content in the form: the phone gets the cursor.
    data = intake_data(version, phone="1" * 1000, content="x" * 100_000)
    response = logged_in(client, clerk).post(reverse(URL), data)
    assert response.status_code == 400
    assert focused(response) == "id_phone"
    body = response.content.decode()
    assert 'data-testid="form-error-summary"' in body
    assert 'role="alert" data-testid="error-phone"' in body


def _complete(client, version, data):
    """intake_data plus a first choice for any required choice field another part added."""
    form = client.get(reverse(URL), {"item": version.item.code}).context["form"]
    for name, field in form.fields.items():
        if name not in data and field.required and getattr(field, "choices", None):
            data[name] = next(iter(field.choices))[0]
    return data


def test_an_error_from_the_service_focuses_its_field(client, clerk, version):
    # An empty name passes the form; the service refuses it and the error goes on the name.
    client = logged_in(client, clerk)
    response = client.post(reverse(URL), _complete(client, version, intake_data(version, name="")))
    assert response.status_code == 400
    assert focused(response) == "id_name"


def test_a_radio_group_in_error_focuses_its_first_option_only(client, clerk, version):
    response = logged_in(client, clerk).post(reverse(URL), intake_data(version, kind="robot"))
    assert response.status_code == 400
    assert focused(response) == "id_kind_0"


def test_a_bad_id_number_on_submit_focuses_the_id_number(client, clerk, version):
    response = logged_in(client, clerk).post(reverse(URL), intake_data(version, id_number="12"))
    assert response.status_code == 400
    assert focused(response) == "id_id_number"


def test_hostile_lookup_input_still_focuses_one_field(client, clerk, version):
    response = lookup(logged_in(client, clerk), version, id_number="١٢٣\u200b\u202e" * 50)
    assert response.status_code == 200
    assert focused(response) == "id_id_number"


def test_the_frequent_buttons_carry_their_shortcut_and_visible_hint(client, clerk, version):
    body = logged_in(client, clerk).get(reverse(URL), {"item": version.item.code})
    body = body.content.decode()
    assert 'data-shortcut="j" aria-keyshortcuts="Alt+J"' in body
    assert '<kbd aria-hidden="true" data-alt>Alt+J</kbd>' in body
    assert 'data-shortcut="i"' in body  # the ID field
    assert "tabindex" not in body  # tab order is the visual order: no positive tabindex
