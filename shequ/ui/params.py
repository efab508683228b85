from django.http import Http404, HttpRequest

# A database id has at most 19 digits; Python's int() refuses strings of more than 4,300 of them.
MAX_ID_DIGITS = 19


def is_ascii_number(value: str) -> bool:
    """Digits 0–9 only, as many as an id can have: str.isdigit() alone also passes "²", which int()
    cannot read."""
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS


def posted_id(request: HttpRequest, name: str) -> int:
    """A record id from the posted form; anything but digits is a 404, as a missing record is."""
    value = request.POST.get(name, "")
    if not is_ascii_number(value):
        raise Http404
    return int(value)
