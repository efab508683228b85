from django.urls import path

from shequ.web.views import portal, preferences, regions, residents, spreadsheets, workbench

app_name = "web"
urlpatterns = [
    path("", portal.portal, name="portal"),
    path("prefs/language/", preferences.language_set, name="language"),
    path("prefs/elder-mode/", preferences.elder_mode_toggle, name="elder-mode"),
    path("accounts/after-login/", preferences.after_login, name="after-login"),
    path("work/", workbench.workbench, name="workbench"),
    path("work/residents/", residents.resident_list, name="residents"),
    path("work/residents/export.xlsx", spreadsheets.resident_export, name="resident-export"),
    path("work/residents/import/", spreadsheets.resident_import, name="resident-import"),
    path("work/residents/import/template.xlsx", spreadsheets.resident_template, name="resident-template"),
    path("work/residents/<int:pk>/", residents.resident_detail, name="resident-detail"),
    path("work/residents/<int:pk>/edit/", residents.resident_edit, name="resident-edit"),
    path("work/residents/<int:pk>/delete/", residents.resident_delete, name="resident-delete"),
    path("work/residents/<int:pk>/reveal/", residents.resident_reveal, name="resident-reveal"),
    path("work/residents/<int:pk>/history/", residents.resident_audit, name="resident-audit"),
    path("work/households/", residents.household_index, name="households"),
    path("work/households/new/", residents.household_form, name="household-create"),
    path("work/households/<int:pk>/", residents.household_detail, name="household-detail"),
    path("work/households/<int:pk>/edit/", residents.household_form, name="household-edit"),
    path("work/households/<int:pk>/delete/", residents.household_remove, name="household-delete"),
    path("work/households/<int:household_pk>/add-person/", residents.resident_create, name="resident-create"),
    path("work/units/", regions.unit_list, name="units"),
    path("work/units/<str:code>/figures/", regions.unit_figures, name="unit-figures"),
]
