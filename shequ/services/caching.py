"""The public catalogue, cached: the catalogue page's list and the services API's answer are the same
for everybody in one language, and change only when an item is saved or deleted. Their cache keys
carry the catalogue's version, which any change of an item replaces, so a change shows at once on
every node sharing the cache."""

import time

from django.core.cache import cache

VERSION_KEY = "services:catalogue-version"
# The longest a cached catalogue is kept, whatever happens; a change replaces it at once anyway.
CACHE_SECONDS = 600


def catalogue_version() -> str:
    return str(cache.get_or_set(VERSION_KEY, time.time_ns, None))


def catalogue_changed(**kwargs) -> None:
    """Receiver of ServiceItem's post_save and post_delete: every cached catalogue is stale."""
    cache.set(VERSION_KEY, time.time_ns(), None)
