from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def staff_worker_required(view):
    """The workbench is for staff bound to a region; residents and others get a 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.is_staff_role):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
