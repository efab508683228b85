from django.urls import path

from shequ.feedback import exports, views

app_name = "feedback"
urlpatterns = [
    path("feedback/rate/<str:target_type>/<int:target_id>/", views.rate, name="rate"),
    path("work/rectifications/", views.rectification_index, name="rectifications"),
    path("work/rectifications/<int:pk>/", views.rectification_detail, name="rectification-detail"),
    path("work/rectifications/files/<int:pk>/", views.rectification_file, name="rectification-file"),
    path("work/ratings/stats/", views.rating_stats, name="stats"),
    path("work/ratings/export.xlsx", exports.ratings_export_view, name="ratings-export"),
]
