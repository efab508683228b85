from django.urls import path

from shequ.facilities import views

app_name = "facilities"
urlpatterns = [
    path("work/facilities/", views.facility_index, name="index"),
    path("work/facilities/new/", views.facility_create_page, name="create"),
    path("work/facilities/import/", views.facility_import, name="import"),
    path("work/facilities/import/template.xlsx", views.facility_template, name="template"),
    path("work/facilities/export.xlsx", views.facility_export, name="export"),
    path("work/facilities/planning/", views.planning_index, name="planning"),
    path("work/facilities/units/<str:code>/", views.unit_page, name="unit"),
    path("work/facilities/<int:pk>/", views.facility_detail, name="detail"),
    path("work/facilities/<int:pk>/edit/", views.facility_edit_page, name="edit"),
    path("work/facilities/<int:pk>/photos/<int:photo_pk>/", views.facility_photo, name="photo"),
]
