from django.urls import path

from shequ.plantasks import api, views

app_name = "plantasks"
urlpatterns = [
    path("work/plan-tasks/", views.matrix_page, name="matrix"),
    path("work/plan-tasks/matrix.xlsx", views.matrix_export, name="matrix_export"),
    path("work/plan-tasks/tasks/<slug:code>/", views.task_page, name="task"),
    path("work/plan-tasks/tasks/<slug:code>/lead/", views.task_lead, name="task_lead"),
    path("work/plan-tasks/mine/", views.mine_page, name="mine"),
    path("work/plan-tasks/items/<int:pk>/", views.item_page, name="item"),
    path("work/plan-tasks/reports/<int:pk>/<str:step>/", views.report_step, name="report_step"),
    path("work/plan-tasks/files/<int:pk>/", views.report_file, name="report_file"),
    path("work/plan-tasks/review/", views.review_page, name="review"),
    path("work/plan-tasks/matters/", views.matters_page, name="matters"),
    path("work/plan-tasks/matters/<int:pk>/<str:step>/", views.matter_step, name="matter_step"),
    path("work/plan-tasks/lists/", views.lists_page, name="lists"),
    path("work/plan-tasks/lists/versions/<int:pk>/", views.version_file, name="version_file"),
    path("work/plan-tasks/scores/", views.scores_page, name="scores"),
    path("work/plan-tasks/scores.xlsx", views.scores_export, name="scores_export"),
    path("api/v1/plan-scores/", api.ScoreSheetView.as_view(), name="api-plan-scores"),
]
