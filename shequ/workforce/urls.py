from django.urls import path

from shequ.workforce import views

app_name = "workforce"
urlpatterns = [
    path("work/workers/", views.worker_index, name="index"),
    path("work/workers/import/", views.worker_import, name="import"),
    path("work/workers/import/template.xlsx", views.worker_template, name="template"),
    path("work/workers/export.xlsx", views.worker_export, name="export"),
    path("work/workers/training/", views.coverage_page, name="coverage"),
    path("work/workers/staffing/", views.staffing_page, name="staffing"),
    path("work/workers/<int:pk>/", views.worker_detail, name="detail"),
]
