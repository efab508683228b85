from django.urls import path

from shequ.notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.notification_detail, name="detail"),
    path("inbox/read-all/", views.notifications_read_all, name="read-all"),
]
