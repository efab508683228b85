from django.urls import path

from shequ.residents.views import registry, spreadsheets

app_name = "residents"
urlpatterns = [
    path("work/residents/", registry.resident_list, name="residents"),
    path("work/residents/export.xlsx", spreadsheets.resident_export, name="resident-export"),
    path("work/residents/import/", spreadsheets.resident_import, name="resident-import"),
    path("work/residents/import/template.xlsx", spreadsheets.resident_template, name="resident-template"),
    path("work/residents/<int:pk>/", registry.resident_detail, name="resident-detail"),
    path("work/residents/<int:pk>/edit/", registry.resident_edit, name="resident-edit"),
    path("work/residents/<int:pk>/delete/", registry.resident_delete, name="resident-delete"),
    path("work/residents/<int:pk>/reveal/", registry.resident_reveal, name="resident-reveal"),
    path("work/residents/<int:pk>/departure/", registry.resident_departure, name="resident-departure"),
    path("work/residents/<int:pk>/history/", registry.resident_audit, name="resident-audit"),
    path("work/households/", registry.household_index, name="households"),
    path("work/households/new/", registry.household_form, name="household-create"),
    path("work/households/<int:pk>/", registry.household_detail, name="household-detail"),
    path("work/households/<int:pk>/edit/", registry.household_form, name="household-edit"),
    path("work/households/<int:pk>/delete/", registry.household_remove, name="household-delete"),
    path("work/households/<int:household_pk>/add-person/", registry.resident_create, name="resident-create"),
]
