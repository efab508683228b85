from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from shequ.accounts.api import RegisterView, SmsCodeView, TokenObtainView
from shequ.benefits import api as benefits_api
from shequ.bookings import api as bookings_api
from shequ.deliberation import api as deliberation_api
from shequ.emergency import api as emergency_api
from shequ.facilities import api as facilities_api
from shequ.feedback import api as feedback_api
from shequ.grids import api as grids_api
from shequ.incidents import api as incidents_api
from shequ.mediation import api as mediation_api
from shequ.monitoring import api as monitoring_api
from shequ.participation import api as participation_api
from shequ.plantasks import api as plantasks_api
from shequ.purchases import api as purchases_api
from shequ.residents.api import HouseholdViewSet, ResidentViewSet
from shequ.services import api as services_api
from shequ.specialcare import api as specialcare_api
from shequ.venues import api as venues_api
from shequ.web.views.preferences import LoginView
from shequ.web.views.system import bench_ceiling, healthz
from shequ.workforce import api as workforce_api

router = DefaultRouter()
# The regions route is the facilities app's: a village-level unit carries its community figures.
router.register("regions", facilities_api.RegionViewSet, basename="region")
router.register("residents", ResidentViewSet, basename="resident")
router.register("households", HouseholdViewSet, basename="household")
services_api.register_api(router)
bookings_api.register_api(router)
feedback_api.register_api(router)
facilities_api.register_api(router)
benefits_api.register_api(router)
workforce_api.register_api(router)
venues_api.register_api(router)
purchases_api.register_api(router)
incidents_api.register_api(router)
participation_api.register_api(router)
deliberation_api.register_api(router)
mediation_api.register_api(router)
grids_api.register_api(router)
emergency_api.register_api(router)
specialcare_api.register_api(router)
plantasks_api.register_api(router)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("api/v1/auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("api/v1/auth/sms-code/", SmsCodeView.as_view(), name="api-sms-code"),
    path("api/v1/auth/register/", RegisterView.as_view(), name="api-register"),
    path("api/v1/indicators/", monitoring_api.IndicatorView.as_view(), name="api-indicators"),
    path("api/v1/open/indicators/", monitoring_api.OpenIndicatorView.as_view(), name="api-open-indicators"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), not inline, for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("shequ.accounts.urls")),
    path("", include("shequ.benefits.urls")),
    path("", include("shequ.bookings.urls")),
    path("", include("shequ.feedback.urls")),
    path("", include("shequ.facilities.urls")),
    path("", include("shequ.workforce.urls")),
    path("", include("shequ.venues.urls")),
    path("", include("shequ.purchases.urls")),
    path("", include("shequ.incidents.urls")),
    path("", include("shequ.participation.urls")),
    path("", include("shequ.deliberation.urls")),
    path("", include("shequ.monitoring.urls")),
    path("", include("shequ.mediation.urls")),
    path("", include("shequ.grids.urls")),
    path("", include("shequ.emergency.urls")),
    path("", include("shequ.services.urls")),
    path("", include("shequ.notifications.urls")),
    path("", include("shequ.residents.urls")),
    path("", include("shequ.regions.urls")),
    path("", include("shequ.web.urls")),
    path("", include("shequ.specialcare.urls")),
    path("", include("shequ.plantasks.urls")),
]
if settings.BENCH_CEILING:
    urlpatterns.insert(0, path("bench/ceiling", bench_ceiling))
