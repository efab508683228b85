from django.http import Http404, HttpRequest


def is_ascii_number(value: str) -> bool:
    """Digits 0–9 only: str.isdigit() alone also passes "²", which int() cannot read."""
    return value.isascii() and value.isdigit()


def posted_id(request: HttpRequest, name: str) -> int:
    """A record id from the posted form; anything but digits is a 404, as a missing record is."""
    value = request.POST.get(name, "")
    if not is_ascii_number(value):
        raise Http404
    return int(value)
