def register_api(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
