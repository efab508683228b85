from django.urls import path

from shequ.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("work/monitoring/", views.dashboard, name="dashboard"),
    path("work/monitoring/snapshots/<int:pk>/freeze/", views.freeze, name="freeze"),
    path("work/monitoring/<str:code>/", views.region_page, name="region"),
    path("work/monitoring/<str:code>/rank/<str:indicator>/", views.rank_page, name="rank"),
]
