from django.urls import path

from shequ.regions import views

app_name = "regions"
urlpatterns = [
    path("work/units/", views.unit_list, name="units"),
    path("work/units/<str:code>/figures/", views.unit_figures, name="unit-figures"),
]
