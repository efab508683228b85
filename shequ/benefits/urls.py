from django.urls import path

from shequ.benefits import views

app_name = "benefits"
urlpatterns = [
    path("work/benefits/payments/", views.payments, name="payments"),
    path("work/benefits/payments/export.xlsx", views.payments_export, name="payments-export"),
    path("work/benefits/<int:pk>/", views.benefit_detail, name="benefit"),
    path("work/benefits/<int:pk>/resume/", views.benefit_resume_view, name="benefit-resume"),
]
