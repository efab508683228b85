from django.urls import path

from shequ.mediation import views

app_name = "mediation"
urlpatterns = [
    path("work/mediation/", views.case_list, name="cases"),
    path("work/mediation/export/", views.case_export, name="export"),
    path("work/mediation/new/", views.case_create, name="case-create"),
    path("work/mediation/from-incident/<int:incident_pk>/", views.case_from_incident, name="from-incident"),
    path("work/mediation/<int:pk>/", views.case_detail, name="case"),
    path("work/mediation/<int:pk>/sessions/", views.session_add, name="session-add"),
    path("work/mediation/<int:pk>/parties/", views.party_add, name="party-add"),
    path("work/mediation/<int:pk>/agreement/", views.agreement_file, name="agreement"),
    path("work/mediation/parties/<int:pk>/reveal/", views.party_reveal, name="party-reveal"),
    path("work/legal-advisers/", views.advisers, name="advisers"),
    path("work/legal-consultations/", views.consultations, name="consultations"),
    path("work/publicity/", views.publicity, name="publicity"),
    path("work/publicity/photos/<int:pk>/", views.publicity_photo, name="publicity-photo"),
]
