from django.urls import path

from shequ.specialcare import views

app_name = "specialcare"
urlpatterns = [
    path("work/special-care/", views.record_list, name="list"),
    path("work/special-care/due/", views.record_list, {"due": "soon"}, name="due"),
    path("work/special-care/overdue/", views.record_list, {"due": "overdue"}, name="overdue"),
    path("work/special-care/new/", views.record_create, name="create"),
    path("work/special-care/export.xlsx", views.records_export, name="export"),
    path("work/special-care/<int:pk>/", views.record_detail, name="detail"),
    path("work/special-care/<int:pk>/visits/", views.visit_add, name="visit-add"),
    path("work/special-care/<int:pk>/end/", views.record_end, name="end"),
    path("work/special-care/grants/", views.grants, name="grants"),
    path("work/special-care/grants/<int:pk>/revoke/", views.grant_revoke, name="grant-revoke"),
]
