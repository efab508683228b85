from shequ.regions.codes import (
    Level,
    ancestors_of,
    at_level,
    common_ancestor,
    is_code,
    is_within,
    level_of,
    parent_of,
    township_of,
    unit_of,
)

GRID = "652327100003001"  # 文化路社区第1网格


def test_levels_and_parents_follow_the_code_length():
    assert level_of(GRID) == Level.GRID and level_of("652327") == Level.COUNTY
    assert parent_of(GRID) == "652327100003" and parent_of("652327100") == "652327" and parent_of("65") is None


def test_ancestors_widest_first():
    assert ancestors_of(GRID) == ["65", "6523", "652327", "652327100", "652327100003"]
    assert ancestors_of("652327", include_self=True) == ["65", "6523", "652327"]


def test_the_township_and_unit_a_code_lies_in():
    assert (township_of(GRID), unit_of(GRID)) == ("652327100", "652327100003")
    assert unit_of("652327100") == "652327100" and at_level(GRID, Level.COUNTY) == "652327"


def test_within_is_nesting_not_any_prefix_of_the_text():
    assert is_within(GRID, "652327100") and is_within("652327100", "652327100")
    assert not is_within("652327205209", "652327100")


def test_is_code_checks_digits_length_and_level():
    assert is_code("652327100003") and is_code(GRID, Level.VILLAGE, Level.GRID)
    assert not is_code("65232710000", Level.VILLAGE) and not is_code("6523271000０3") and not is_code("x" * 12)
    assert not is_code("652327100", Level.VILLAGE)


def test_common_ancestor_of_units():
    assert common_ancestor(["652327100003", "652327100002"]) == "652327100"
    assert common_ancestor(["652327100003", "652327205209"]) == "652327"
    assert common_ancestor(["652327100003"]) == "652327100003" and common_ancestor([]) == ""
