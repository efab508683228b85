from django.urls import path

from shequ.deliberation import views

app_name = "deliberation"
urlpatterns = [
    path("meetings/", views.meeting_index, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("work/meetings/", views.meeting_desk, name="desk"),
    path("work/meetings/<int:pk>/", views.meeting_hold, name="meeting-hold"),
]
