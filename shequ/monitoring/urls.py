from django.urls import path

from shequ.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("work/monitoring/", views.dashboard, name="dashboard"),
    path("work/monitoring/snapshots/<int:pk>/freeze/", views.freeze, name="freeze"),
    path("work/monitoring/reports/<int:pk>/download/", views.report_download, name="report-download"),
    path("work/monitoring/plans/<slug:code>/", views.plan_page, name="plan"),
    path("work/monitoring/<str:code>/", views.region_page, name="region"),
    path("work/monitoring/<str:code>/reports/", views.reports_page, name="reports"),
    path("work/monitoring/<str:code>/screen/", views.screen_page, name="screen"),
    path("work/monitoring/<str:code>/rank/<str:indicator>/", views.rank_page, name="rank"),
]
