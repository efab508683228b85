from django.urls import path

from shequ.grids import views

app_name = "grids"
urlpatterns = [
    path("work/my-grid/", views.my_grid, name="my-grid"),
    path("work/grids/", views.index, name="index"),
    path("work/grids/over-size/", views.over_size, name="over-size"),
    path("work/grids/export.xlsx", views.export, name="export"),
    path("work/grids/members/<int:pk>/end/", views.member_end, name="member-end"),
    path("work/grids/<str:code>/", views.detail, name="detail"),
    path("work/safety-bodies/", views.safety, name="safety"),
    path("work/safety-bodies/members/<int:pk>/end/", views.safety_member_end, name="safety-member-end"),
    path("work/crowded-places/", views.places, name="places"),
    path("work/crowded-places/<int:pk>/", views.place, name="place"),
]
