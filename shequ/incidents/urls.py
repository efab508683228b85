from django.urls import path

from shequ.incidents import exports, views

app_name = "incidents"
urlpatterns = [
    path("incidents/report/", views.report, name="report"),
    path("incidents/mine/", views.mine, name="mine"),
    path("incidents/mine/<int:pk>/", views.mine_detail, name="mine-detail"),
    path("work/incidents/", views.board, name="board"),
    path("work/incidents/queue/<str:queue>/", views.queue, name="queue"),
    path("work/incidents/map/", views.incident_map, name="map"),
    path("work/incidents/export.xlsx", exports.incidents_export_view, name="export"),
    path("work/incidents/<int:pk>/", views.work_detail, name="work-detail"),
    path("work/incidents/files/<int:pk>/", views.incident_file, name="file"),
    path("work/patrols/", views.patrols, name="patrols"),
    path("work/patrols/findings/<int:pk>/report/", views.finding_report, name="finding-report"),
]
