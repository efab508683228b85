from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shequ.accounts.models import SignUp
from shequ.notifications.models import Notification
from shequ.participation.selectors import notices_for_reader
from shequ.residents.models import Person


def portal(request: HttpRequest) -> HttpResponse:
    """The residents' front page: who to turn to and, once signed in, what we hold about them."""
    person = None
    if request.user.is_authenticated:
        person = (
            Person.objects.for_user(request.user)
            .filter(account=request.user)
            .select_related("household", "region__parent", "grid")
            .first()
        )
    members = person.household.members.prefetch_related("tags").order_by("birth_date") if person else []
    unread = (
        Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
        if request.user.is_authenticated
        else 0
    )
    # Without a registry record, a resident who signed up sees where their real-name check stands.
    signup = (
        SignUp.objects.filter(account=request.user).select_related("region").first()
        if request.user.is_authenticated and person is None
        else None
    )
    # The newest notices addressed to the resident (pinned first), so that an elderly reader sees
    # them without looking for them.
    notices = list(notices_for_reader(user=request.user).select_related("region")[:3]) if person else []
    return render(
        request,
        "portal/home.html",
        {"person": person, "members": members, "unread": unread, "signup": signup, "notices": notices},
    )
