"""The public catalogue, cached: the catalogue page's list and the services API's answer are the same
for everybody in one language, and change only when an item is saved or deleted. Their cache keys
carry the catalogue's version, which any change of an item replaces, so a change shows at once on
every node sharing the cache."""

import time

from django.core.cache import cache
from django.utils import timezone

from shequ.core.pagination import count_label

VERSION_KEY = "services:catalogue-version"
# The longest a cached catalogue is kept, whatever happens; a change replaces it at once anyway.
CACHE_SECONDS = 600


def catalogue_version() -> str:
    return str(cache.get_or_set(VERSION_KEY, time.time_ns, None))


def catalogue_changed(**kwargs) -> None:
    """Receiver of ServiceItem's post_save and post_delete: every cached catalogue is stale."""
    cache.set(VERSION_KEY, time.time_ns(), None)


# The workbench's queue tabs: each tab's capped count is a query over the user's whole scope (five of
# them on every queue page, most of a county user's page time), the same until an application changes.
APPLICATIONS_VERSION_KEY = "services:applications-version"
# The longest a user's counts are kept: the bound for bulk updates that send no signal.
QUEUE_COUNTS_SECONDS = 60


def applications_changed(**kwargs) -> None:
    """Receiver of Application's post_save and post_delete, and called after bulk changes of
    deadlines: every user's cached queue counts are stale."""
    cache.set(APPLICATIONS_VERSION_KEY, time.time_ns(), None)


def applications_version() -> str:
    """The applications' version: part of the key of every cached view of applications (the
    resident's list fragment), replaced by any change of an application."""
    return str(cache.get_or_set(APPLICATIONS_VERSION_KEY, time.time_ns, None))


def queue_count_labels(*, user, queues: dict) -> dict[str, str]:
    """The capped count label ("57", "1,000+") of each of `user`'s queues, cached for that user's
    scope (account, role, region, department) on this day until any application changes."""
    version = cache.get_or_set(APPLICATIONS_VERSION_KEY, time.time_ns, None)
    scope = f"{user.pk}:{user.role}:{user.region_id}:{user.department}"
    key = f"services:queue-counts:{scope}:{timezone.localdate().isoformat()}:{version}"
    labels = cache.get(key)
    if labels is None:
        labels = {name: count_label(queryset) for name, queryset in queues.items()}
        cache.set(key, labels, QUEUE_COUNTS_SECONDS)
    return labels
