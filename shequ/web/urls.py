from django.urls import path

from shequ.web.views import calendar, portal, preferences, workbench

app_name = "web"
urlpatterns = [
    path("", portal.portal, name="portal"),
    path("prefs/language/", preferences.language_set, name="language"),
    path("prefs/elder-mode/", preferences.elder_mode_toggle, name="elder-mode"),
    path("accounts/after-login/", preferences.after_login, name="after-login"),
    path("work/", workbench.workbench, name="workbench"),
    path("work/calendar/", calendar.calendar_enter, name="calendar-enter"),
]
