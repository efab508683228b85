from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shequ.notifications.models import Notification
from shequ.notifications.services import notifications_mark_read


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = list(Notification.objects.filter(recipient=request.user)[:50])
    response = render(request, "notifications/inbox.html", {"notifications": notifications})
    notifications_mark_read(user=request.user, ids=[item.pk for item in notifications if item.read_at is None])
    return response
