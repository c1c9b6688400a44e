"""The calendar's texts are bounded: a year's note in the model, the admin and the service; the
year form's two textareas in the form. Over-long is a Chinese form error, never a 500."""

import pytest

from core.errors import InvalidInput
from tests.workdays.conftest import HOLIDAYS_2027_TEXT, MAKEUPS_2027_TEXT
from workdays import services
from workdays.forms import ARRANGEMENT_MAX_LENGTH
from workdays.models import NOTE_MAX_LENGTH, CalendarYear

pytestmark = pytest.mark.django_db

ENTER = "/admin/workdays/calendaryear/enter/"


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


def _year_form(admin_client, **data):
    body = {
        "year": "2027",
        "holidays": HOLIDAYS_2027_TEXT,
        "makeup_workdays": MAKEUPS_2027_TEXT,
        "note": "",
        **data,
    }
    response = admin_client.post(ENTER, body)
    assert response.status_code == 200
    return response.context["form"].errors


def test_an_over_long_note_on_the_year_page_is_a_form_error(admin_client):
    year = CalendarYear.objects.get(year=2026)
    before = year.note
    response = admin_client.post(
        f"/admin/workdays/calendaryear/{year.pk}/change/",
        {"note": "注" * (NOTE_MAX_LENGTH + 1), "official": "", "source": "admin"},
    )
    assert response.status_code == 200
    assert str(NOTE_MAX_LENGTH) in response.context["adminform"].form.errors["note"][0]
    year.refresh_from_db()
    assert year.note == before


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("note", NOTE_MAX_LENGTH),
        ("holidays", ARRANGEMENT_MAX_LENGTH),
        ("makeup_workdays", ARRANGEMENT_MAX_LENGTH),
    ],
)
def test_an_over_long_field_of_the_year_form_is_a_form_error(admin_client, field, limit):
    errors = _year_form(admin_client, **{field: "长" * (limit + 1)})
    assert str(limit) in errors[field][0]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_services_refuse_an_over_long_note(catalog_admin):
    year = CalendarYear.objects.get(year=2026)
    with pytest.raises(InvalidInput) as refused:
        services.update_year_note(
            calendar_year_id=year.pk, note="注" * (NOTE_MAX_LENGTH + 1), actor=catalog_admin
        )
    assert "note" in refused.value.fields
    with pytest.raises(InvalidInput):
        services.replace_year(
            year=2027,
            holidays=[],
            makeup_workdays=[],
            actor=catalog_admin,
            note="注" * (NOTE_MAX_LENGTH + 1),
        )
    assert not CalendarYear.objects.filter(year=2027).exists()
