from django.urls import path

from shequ.services import authorisation_views, exports, views

app_name = "services"
urlpatterns = [
    path("services/", views.catalogue, name="catalogue"),
    path("services/items/<str:code>/", views.item_guide, name="guide"),
    path("services/items/<str:code>/apply/", views.apply, name="apply"),
    path("services/applications/", views.my_applications, name="my-applications"),
    path("services/applications/<int:pk>/", views.my_application, name="my-application"),
    path("services/materials/<int:pk>/", views.material_download, name="material"),
    path("services/authorisations/", authorisation_views.authorisations, name="authorisations"),
    path(
        "services/authorisations/<int:pk>/revoke/",
        authorisation_views.authorisation_revoke_view,
        name="authorisation-revoke",
    ),
    path("work/authorisations/", authorisation_views.work_authorisations, name="work-authorisations"),
    path(
        "work/authorisations/<int:pk>/form/",
        authorisation_views.authorisation_form_download,
        name="authorisation-form",
    ),
    path("work/applications/", views.work_queues, name="work-queues"),
    path("work/applications/export.xlsx", exports.applications_export_view, name="work-queues-export"),
    path("work/applications/window/", views.window_register, name="window"),
    path("work/applications/<int:pk>/", views.work_application, name="work-application"),
]
