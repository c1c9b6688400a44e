"""联系电话: one rule (approvals.validators.validate_phone) for the intake form, the applicant
service (so the admin's edit), the API and the parties. Full-width digits (what a Chinese IME
types) are normalised, like ID numbers; any other digit is refused, never converted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals.models import Applicant
from approvals.services.applicants import clean_contact
from approvals.validators import validate_phone
from core.errors import InvalidInput
from tests.factories import ApplicantFactory

VALID = [
    ("13812345678", "13812345678"),
    ("19912345678", "19912345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("+8613812345678", "13812345678"),
    ("86-13812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),  # full-width digits
    ("１３８　１２３４　５６７８", "13812345678"),  # and the ideographic space
    ("\u200b13812345678", "13812345678"),  # a zero-width space pasted in
    ("0571-88881234", "0571-88881234"),
    ("057188881234", "057188881234"),
    ("010-1234567", "010-1234567"),
    ("(0571)88881234", "0571-88881234"),
    ("（0571）88881234", "0571-88881234"),  # full-width brackets
    ("0571 8888 1234", "057188881234"),
    ("0571-88881234-123", "0571-88881234-123"),
    ("0571-88881234转8", "0571-88881234-8"),
    ("", ""),
    ("   ", ""),
]

INVALID = [
    "abc",
    "12345",
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "12812345678",  # 12x is no mobile prefix
    "23812345678",
    "+8757188881234",
    "0571-123456",  # 6-digit number
    "0571-123456789",  # 9-digit number
    "571-88881234",  # no leading 0
    "(0571-88881234",  # a lone bracket
    "0571)88881234",
    "0571--88881234",
    "0571-88881234-",
    "0571-88881234-1234567",  # extension too long
    "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits: refused, never converted
    "１３８１２３４５６７８²",
    "13812345678abc",
    "138１２３４５６７８x",
    "1" * 10_000_000,  # 10 MB: refused without normalising it
    "\x00" + "13812345678",
]


@pytest.mark.parametrize(("typed", "stored"), VALID)
def test_a_valid_phone_is_stored_normalised(typed, stored):
    assert validate_phone(typed) == stored


@pytest.mark.parametrize("typed", INVALID, ids=lambda v: repr(v[:20]))
def test_an_invalid_phone_is_refused_in_chinese(typed):
    with pytest.raises(ValidationError) as err:
        validate_phone(typed)
    assert err.value.code == "invalid_phone"
    assert "联系电话格式不正确" in err.value.messages[0]


def test_the_applicant_service_refuses_abc_at_the_phone_field():
    with pytest.raises(InvalidInput) as err:
        clean_contact(name="张小三", phone="abc")
    assert list(err.value.fields) == ["phone"]
    assert "联系电话格式不正确" in err.value.fields["phone"][0]


def test_the_applicant_service_stores_the_normalised_phone():
    assert clean_contact(phone="+86 138-1234-5678") == {"phone": "13812345678"}


def _admin(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_refuses_abc_as_a_phone_with_a_chinese_form_error(client, make_user):
    applicant = ApplicantFactory()
    c = _admin(client, make_user)
    url = reverse("admin:approvals_applicant_change", args=[applicant.pk])
    page = c.post(url, {"name": applicant.name, "phone": "abc", "address": applicant.address})
    assert page.status_code == 200
    assert "联系电话格式不正确" in str(page.context["adminform"].form.errors["phone"])
    assert Applicant.objects.get().phone == "13800000000"
    form = {"name": applicant.name, "phone": "+86 139-0000-1111", "address": applicant.address}
    assert c.post(url, form).status_code == 302
    assert Applicant.objects.get().phone == "13900001111"


def test_a_phone_stored_before_the_rule_does_not_block_another_edit(client, make_user):
    applicant = ApplicantFactory(phone="abc")  # as stored before validate_phone
    c = _admin(client, make_user)
    url = reverse("admin:approvals_applicant_change", args=[applicant.pk])
    assert c.post(url, {"name": "张小四", "phone": "abc", "address": ""}).status_code == 302
    stored = Applicant.objects.get()
    assert (stored.name, stored.phone) == ("张小四", "abc")  # not rewritten
