from django.http import Http404, HttpRequest


def posted_id(request: HttpRequest, name: str) -> int:
    """A record id from the posted form; anything but digits is a 404, as a missing record is."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)
