from django.urls import path

from shequ.accounts import views
from shequ.accounts.models import CodePurpose

app_name = "accounts"
urlpatterns = [
    path("accounts/signup/", views.code_request, {"purpose": CodePurpose.SIGNUP}, name="signup"),
    path("accounts/signup/details/", views.signup_details, name="signup-details"),
    path("accounts/signup/done/", views.signup_done, name="signup-done"),
    path("accounts/password-reset/", views.code_request, {"purpose": CodePurpose.RESET}, name="password-reset"),
    path("accounts/password-reset/confirm/", views.password_reset_confirm, name="password-reset-confirm"),
    path("accounts/login/sms/", views.code_request, {"purpose": CodePurpose.LOGIN}, name="code-login"),
    path("accounts/login/sms/code/", views.code_login_confirm, name="code-login-confirm"),
    path("work/sign-ups/", views.work_signups, name="work-signups"),
    path("work/sign-ups/<int:pk>/", views.work_signup, name="work-signup"),
]
