"""身份证号 (GB 11643) and 统一社会信用代码 (GB 32100)."""

import pytest
from django.core.exceptions import ValidationError

from approvals.validators import (
    mask_id_number,
    mask_person_name,
    validate_credit_code,
    validate_resident_id,
)


@pytest.mark.parametrize(
    "value", ["11010519491231002X", "440305199003071236", "320106198506150423"]
)
def test_valid_resident_id_passes(value):
    assert validate_resident_id(value) == value


def test_lower_case_x_is_accepted_and_upper_cased():
    assert validate_resident_id(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_checksum"),  # wrong check digit
        ("11010519491231002", "id_length"),  # 17
        ("11010519491231002XX", "id_length"),  # 19
        ("", "id_length"),
        ("1101051949123100AX", "id_format"),
        ("110105194913310028", "id_birth"),  # month 13
        ("110105299901010010", "id_birth"),  # born in the future
    ],
)
def test_invalid_resident_id_is_refused_with_its_reason(value, code):
    with pytest.raises(ValidationError) as err:
        validate_resident_id(value)
    assert err.value.code == code


@pytest.mark.parametrize(
    "value", ["9144030071526726XG", "91330100799655058B", "91350100M000100Y43"]
)
def test_valid_credit_codes_pass(value):
    assert validate_credit_code(value) == value


def test_lower_case_credit_code_is_upper_cased():
    assert validate_credit_code("9144030071526726xg") == "9144030071526726XG"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("9144030071526726XH", "uscc_checksum"),
        ("9144030071526726X", "uscc_length"),
        ("9144030071526726XGG", "uscc_length"),
        ("9144030071526726XI", "uscc_format"),  # I is not in the GB 32100 alphabet
        ("91ABCDEF71526726XG", "uscc_format"),  # region code must be digits
    ],
)
def test_invalid_credit_code_is_refused_with_its_reason(value, code):
    with pytest.raises(ValidationError) as err:
        validate_credit_code(value)
    assert err.value.code == code


def test_messages_are_chinese():
    with pytest.raises(ValidationError) as err:
        validate_resident_id("123")
    assert "身份证号码应为 18 位" in err.value.messages[0]


def test_masks():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_person_name("张三") == "张*"
    assert mask_person_name("张小三") == "张*三"
    assert mask_person_name("欧阳小三") == "欧**三"
