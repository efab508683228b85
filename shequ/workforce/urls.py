from django.urls import path

from shequ.workforce import training_views, views

app_name = "workforce"
urlpatterns = [
    path("work/workers/", views.worker_index, name="index"),
    path("work/workers/import/", views.worker_import, name="import"),
    path("work/workers/import/template.xlsx", views.worker_template, name="template"),
    path("work/workers/export.xlsx", views.worker_export, name="export"),
    path("work/workers/training/", views.coverage_page, name="coverage"),
    path("work/workers/staffing/", views.staffing_page, name="staffing"),
    path("work/workers/new/", views.worker_create_page, name="create"),
    path("work/workers/reserve/", views.reserve_page, name="reserve"),
    path("work/workers/candidates/", views.candidates_page, name="candidates"),
    path("work/workers/<int:pk>/", views.worker_detail, name="detail"),
    path("work/workers/<int:pk>/edit/", views.worker_edit_page, name="edit"),
    path("work/workers/<int:pk>/review/", views.candidate_review_page, name="review"),
    path("work/workers/courses/", training_views.course_index, name="courses"),
    path("work/workers/courses/new/", training_views.course_create_page, name="course-create"),
    path("work/workers/courses/<int:pk>/", training_views.course_detail, name="course"),
    path("work/workers/courses/<int:pk>/sessions/new/", training_views.session_create_page, name="session-create"),
    path("work/workers/sessions/<int:pk>/", training_views.session_detail, name="session"),
]
