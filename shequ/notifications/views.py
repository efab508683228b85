"""The inbox: a message counts as read once its reader opens it, never because the list was shown."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shequ.notifications.models import Notification
from shequ.notifications.services import notifications_mark_read

INBOX_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_user(request.user).select_related("recipient")[:INBOX_SIZE]
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
def notification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.for_user(request.user).select_related("recipient"), pk=pk)
    if notification.read_at is None:
        notifications_mark_read(user=request.user, ids=[notification.pk])
    return render(request, "notifications/detail.html", {"notification": notification})


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notifications:inbox")
