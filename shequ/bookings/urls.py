from django.urls import path

from shequ.bookings import views

app_name = "bookings"
urlpatterns = [
    path("services/book/", views.book_index, name="book-index"),
    path("services/book/<str:item_code>/", views.book, name="book"),
    path("services/bookings/", views.my_bookings, name="mine"),
    path("services/bookings/<int:pk>/cancel/", views.my_booking_cancel, name="cancel"),
    path("work/bookings/", views.work_bookings, name="work"),
    path("work/bookings/slots/<int:pk>/", views.work_slot, name="work-slot"),
    path("work/bookings/<int:pk>/complete/", views.work_complete, name="work-complete"),
    path("work/bookings/<int:pk>/no-show/", views.work_no_show, name="work-no-show"),
    path("work/bookings/<int:pk>/cancel/", views.work_cancel, name="work-cancel"),
]
