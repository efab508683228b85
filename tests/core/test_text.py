"""Names and free text: NFC, and no character that hides or reorders what is shown."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from shequ.core.text import json_limits_check, note_clean, text_clean

FORBIDDEN = {
    "NUL": "\x00",
    "escape (control)": "\x1b",
    "delete (control)": "\x7f",
    "C1 control": "\x85",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte-order mark": "\ufeff",
    "left-to-right embedding": "\u202a",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
}


@pytest.mark.parametrize("char", FORBIDDEN.values(), ids=FORBIDDEN.keys())
def test_names_and_notes_refuse_invisible_and_direction_controls(char):
    with pytest.raises(ValidationError, match="控制字符"):
        text_clean(f"张{char}三")
    with pytest.raises(ValidationError, match="控制字符"):
        note_clean(f"情况{char}说明")


def test_text_is_nfc_normalised_and_trimmed():
    decomposed = "Lu\u0308 ئۇيغۇر"  # u + combining diaeresis
    assert not unicodedata.is_normalized("NFC", decomposed)
    assert text_clean(f"  {decomposed} ") == unicodedata.normalize("NFC", decomposed) == "Lü ئۇيغۇر"


def test_uyghur_and_kazakh_arabic_script_letters_pass():
    for name in ["ئابدۇرېھىم", "مۇھەممەت ئەلى", "گۈلنار", "ۋاڭ", "ٴابدىراحمان"]:
        assert text_clean(name) == name


def test_zwnj_is_refused_in_names_and_kept_in_notes():
    persian = "می\u200cخواهم"
    with pytest.raises(ValidationError):
        text_clean(persian)
    assert note_clean(persian) == persian


def test_notes_keep_line_breaks_and_names_do_not():
    assert note_clean("第一行\r\n第二行\t完") == "第一行\r\n第二行\t完"
    with pytest.raises(ValidationError):
        text_clean("张\n三")


def test_notes_are_limited_to_the_setting(settings):
    assert note_clean("字" * 4000) == "字" * 4000
    with pytest.raises(ValidationError, match="4000"):
        note_clean("字" * 4001)
    settings.NOTE_MAX_CHARS = 10
    with pytest.raises(ValidationError):
        note_clean("字" * 11)
    with pytest.raises(ValidationError):
        note_clean("字" * 6, max_length=5)


def test_json_limits_measure_depth_and_size():
    nested = {"a": [[[{"b": 1}]]]}  # five containers deep
    json_limits_check(nested, max_bytes=100, max_depth=5)
    with pytest.raises(ValidationError, match="5 层"):
        json_limits_check({"x": nested}, max_bytes=100, max_depth=5)
    with pytest.raises(ValidationError, match="KB"):
        json_limits_check({"note": "字" * 400}, max_bytes=1024, max_depth=5)
    json_limits_check({"note": "字" * 300}, max_bytes=1024, max_depth=5)
