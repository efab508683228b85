from django.urls import path

from shequ.purchases import views

app_name = "purchases"
urlpatterns = [
    path("work/purchases/", views.project_index, name="index"),
    path("work/purchases/new/", views.project_create_page, name="create"),
    path("work/purchases/<int:pk>/", views.project_detail, name="detail"),
    path("work/purchases/milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
]
