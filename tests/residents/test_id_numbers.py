from datetime import date

import pytest

from shequ.residents.id_numbers import InvalidIdNumber, check_character, id_number_parse


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), "F"),
        ("652327199001010017", date(1990, 1, 1), "M"),
        ("11010519491231002x", date(1949, 12, 31), "F"),  # a lower-case x is read as X
    ],
)
def test_valid_numbers_give_birth_date_and_gender(number, birth, gender):
    parsed = id_number_parse(number)
    assert (parsed.value, parsed.birth_date, parsed.gender) == (number.upper(), birth, gender)


def test_check_character_follows_gb11643_weights():
    assert check_character("11010519491231002") == "X"
    assert check_character("65232719900101001") == "7"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("652327199001010018", "校验位"),  # wrong check digit
        ("11010519491231002Y", "18 位"),  # a letter other than X
        ("65232719901301001" + check_character("65232719901301001"), "出生日期不存在"),  # month 13
        ("65232719900101001", "18 位"),  # 17 characters
        ("6523271990010100X7", "18 位"),  # X not in last place
    ],
)
def test_invalid_numbers_are_rejected_with_a_reason(number, message):
    with pytest.raises(InvalidIdNumber) as caught:
        id_number_parse(number)
    assert message in str(caught.value.message)


def test_february_30th_is_not_a_date():
    first17 = "65232719900230001"
    with pytest.raises(InvalidIdNumber) as caught:
        id_number_parse(first17 + check_character(first17))
    assert "出生日期不存在" in str(caught.value.message)


def test_future_birth_date_is_rejected():
    first17 = "65232720990101001"
    with pytest.raises(InvalidIdNumber) as caught:
        id_number_parse(first17 + check_character(first17), today=date(2026, 11, 27))
    assert "不合理" in str(caught.value.message)


def test_gender_digit_must_match_the_gender():
    id_number_parse("652327199001010017", expected_gender="M")
    with pytest.raises(InvalidIdNumber) as caught:
        id_number_parse("652327199001010017", expected_gender="F")
    assert "第 17 位" in str(caught.value.message)
    with pytest.raises(InvalidIdNumber):
        id_number_parse("11010519491231002X", expected_gender="M")


@pytest.mark.parametrize("value", ["6523271990010100²7", "６５２３２７１９９００１０１００１７", "65232719900101001٧"])
def test_digits_other_than_ascii_are_refused_not_a_crash(value):
    with pytest.raises(InvalidIdNumber, match="18 位"):
        id_number_parse(value)
