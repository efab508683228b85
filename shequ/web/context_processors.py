from django.core.cache import cache

from shequ.regions.models import Region

ELDER_COOKIE = "shequ_elder"


def elder_mode_of(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.elder_mode
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def display(request):
    """Page-wide display state: elder mode and whether the county's data is demo data."""
    has_demo_data = cache.get("shequ:has_demo_data")
    if has_demo_data is None:
        has_demo_data = Region.objects.filter(is_demo=True).exists()
        cache.set("shequ:has_demo_data", has_demo_data, 300)
    return {"elder_mode": elder_mode_of(request), "has_demo_data": has_demo_data}
