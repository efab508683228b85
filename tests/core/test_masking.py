from shequ.core.masking import mask_id_number, mask_phone, mask_sensitive


def test_id_number_keeps_first_six_and_last_four():
    assert mask_id_number("652327199001010017") == "652327********0017"
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_phone_keeps_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_empty_and_short_values_never_leak():
    assert mask_id_number("") == "" and mask_phone("") == ""
    assert mask_phone("12345") == "*****"
    assert mask_id_number("1234567") == "*******"


def test_audit_mask_recognises_the_shape():
    assert mask_sensitive("652327199001010017") == "652327********0017"
    assert mask_sensitive("13812345678") == "138****5678"
    assert mask_sensitive("None") == ""
