"""身份证号 (GB 11643) and 统一社会信用代码 (GB 32100)."""

import pytest
from django.core.exceptions import ValidationError

from approvals import validators
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


# --- hostile and unusual input: what a clerk's IME or a client may send -----------------------


@pytest.mark.parametrize(
    "value",
    [
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X (a Chinese IME)
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lower-case x
        "110105 19491231 002X",  # grouped as printed on a card
        "110105\u300019491231\u3000002x",  # ideographic spaces
        "\u200b11010519491231002X\ufeff",  # zero-width space and BOM from a copy
    ],
)
def test_resident_id_typed_on_an_ime_is_the_same_ascii_number(value):
    assert validate_resident_id(value) == "11010519491231002X"


@pytest.mark.parametrize(
    "value",
    [
        "²10105194912310021",  # superscript two: str.isdigit() says yes, int() says no
        "1101051949123100²X",
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits
        "۱۱۰۱۰۵۱۹۴۹۱۲۳۱۰۰۲X",  # Extended Arabic-Indic (Persian) digits
        "११०१०५१९४९१२३१००२X",  # Devanagari digits
        "𝟏𝟏𝟎𝟏𝟎𝟓𝟏𝟗𝟒𝟗𝟏𝟐𝟑𝟏𝟎𝟎𝟐X",  # mathematical bold digits
        "①①0105194912310021",  # circled digits
        "11010519491231002Ⅹ",  # Roman numeral ten for X
    ],
)
def test_resident_id_with_any_other_digit_is_refused_as_format(value):
    with pytest.raises(ValidationError) as err:
        validate_resident_id(value)
    assert err.value.code == "id_format"
    assert "前 17 位应为数字" in err.value.messages[0]


@pytest.mark.parametrize("first6", ["000000", "990105", "100105", "830105", "110199", "119999"])
def test_resident_id_with_an_unknown_division_is_refused(first6):
    first17 = first6 + "19491231002"
    value = first17 + validators.id_check_digit(first17)  # a right check digit: region is why
    with pytest.raises(ValidationError) as err:
        validate_resident_id(value)
    assert err.value.code == "id_region"
    assert "行政区划代码" in err.value.messages[0]


@pytest.mark.parametrize(
    "first6",
    [
        "110103",  # 崇文区, merged into 东城区 in 2010: its people keep their numbers
        "820000",  # Macau, in the data from 1999, for someone born in 1949
        "710000",  # 台湾省
        "440305",  # 南山区 (1990-), for someone born in 1949
    ],
)
def test_resident_id_of_a_past_or_later_division_is_accepted(first6):
    first17 = first6 + "19491231002"
    value = first17 + validators.id_check_digit(first17)
    assert validate_resident_id(value) == value


@pytest.mark.parametrize(
    "birth",
    ["18991231", "19490230", "20260602", "00000101", "19490001"],
)
def test_resident_id_birth_date_must_be_real_from_1900_and_not_future(birth, at_monday):
    first17 = "110105" + birth + "002"
    value = first17 + validators.id_check_digit(first17)
    with pytest.raises(ValidationError) as err:
        validate_resident_id(value)
    assert err.value.code == "id_birth"


def test_resident_id_born_today_is_accepted(at_monday):
    first17 = "110105" + "20260601" + "002"
    value = first17 + validators.id_check_digit(first17)
    assert validate_resident_id(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "9144 0300 7152 6726 XG",
        "9144\u30000300\u30007152\u30006726\u3000XG",  # ideographic spaces
        "９１４４０３００７１５２６７２６ＸＧ",  # full-width
        " 91440300 71526726 xg ",
    ],
)
def test_credit_code_with_spaces_or_full_width_is_normalised(value):
    assert validate_credit_code(value) == "9144030071526726XG"


@pytest.mark.parametrize(
    "value",
    [
        "91²40300715267265Q",
        "91٤٤030071526726XG",
        "91४४030071526726XG",
        "９１４４０３００７１５２６７２６ＸＩ",
    ],
)
def test_credit_code_with_other_digits_or_letters_is_refused_as_format(value):
    with pytest.raises(ValidationError) as err:
        validate_credit_code(value)
    assert err.value.code == "uscc_format"
