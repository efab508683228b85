from django.urls import path

from shequ.emergency import views

app_name = "emergency"
urlpatterns = [
    path("warnings/", views.resident_warnings, name="warnings"),
    path("warnings/<int:pk>/", views.resident_warning, name="resident-warning"),
    path("work/emergency/", views.console, name="console"),
    path("work/emergency/warnings/new/", views.warning_new, name="warning-new"),
    path("work/emergency/warnings/<int:pk>/", views.warning_page, name="warning"),
    path("work/emergency/warnings/<int:pk>/acknowledge/", views.warning_acknowledge_view, name="acknowledge"),
    path("work/emergency/warnings/<int:pk>/forces/", views.warning_forces, name="forces"),
    path("work/emergency/warnings/<int:pk>/broadcast/", views.broadcast, name="broadcast"),
    path("work/emergency/supplies/", views.supplies, name="supplies"),
    path("work/emergency/supplies/export/", views.supplies_download, name="supplies-export"),
    path("work/emergency/supplies/<int:pk>/", views.supply_page, name="supply"),
    path("work/emergency/plans/", views.plans, name="plans"),
    path("work/emergency/plans/<int:pk>/file/", views.plan_file, name="plan-file"),
    path("work/emergency/<str:kind>/", views.registry, name="registry"),
]
