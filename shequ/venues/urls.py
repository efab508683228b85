from django.urls import path

from shequ.venues import views

app_name = "venues"
urlpatterns = [
    path("venues/", views.room_index, name="index"),
    path("venues/rooms/new/", views.room_create_page, name="room_create"),
    path("venues/rooms/<int:pk>/", views.room_calendar, name="room"),
    path("venues/bookings/<int:pk>/<str:step>/", views.booking_step, name="step"),
    path("venues/utilisation/", views.utilisation_page, name="utilisation"),
]
