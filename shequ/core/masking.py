"""De-identification of personal data for every screen, API answer, export and audit record.

PIPL practice (see shared/reference): an ID number shows its first 6 and last 4 characters, a phone
number its first 3 and last 4.
"""


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * 8}{value[-4:]}"


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_name(value: str) -> str:
    """A name on a page about a person who is not the reader's business beyond the case: the first
    character and one * for each of the others (张**, ئا*****)."""
    value = (value or "").strip()
    return f"{value[0]}{'*' * (len(value) - 1)}" if value else ""


def mask_sensitive(value: str) -> str:
    """Mask a value whose field is not known (audit diffs): ID-number shape or phone shape."""
    value = str(value or "")
    if value in ("", "None"):
        return ""
    if len(value) >= 15:
        return mask_id_number(value)
    return mask_phone(value)
