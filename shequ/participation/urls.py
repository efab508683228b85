from django.urls import path

from shequ.participation import views

app_name = "participation"
urlpatterns = [
    path("notices/", views.notice_index, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("work/notices/", views.notice_desk, name="notice-desk"),
    path("work/notices/new/", views.notice_new, name="notice-new"),
    path("work/notices/<int:pk>/", views.notice_reach_view, name="notice-reach"),
    path("policies/", views.policy_index, name="policies"),
    path("policies/<int:pk>/", views.policy_detail, name="policy"),
    path("questions/", views.question_index, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("work/questions/", views.question_desk, name="question-desk"),
    path("work/questions/<int:pk>/", views.question_handle, name="question-handle"),
]
