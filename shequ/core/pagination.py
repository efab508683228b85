"""Lists that never count their rows: keyset pages in the API, a capped count in the pages.

An exact COUNT over a county's 100,000 applications costs more than the page it numbers. An API
list instead hands out an opaque cursor holding the sort key of the last (or first) row shown, and
the next page is the rows after that key, read from the same index the list is sorted by. The key
is the list's own ordering (its `order_by`, else the model's), which every big list ends with the
primary key, so it is unique and no row is skipped or repeated however many share a name or a time.
"""

import base64
import datetime
import json
from decimal import Decimal
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Above this many rows a page says "1,000+" instead of counting them all.
COUNT_CAP = 1000


class KeysetPagination(BasePagination):
    """`?cursor=…` pages of `page_size` rows: `{"next": url, "previous": url, "results": […]}`."""

    page_size = 20
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        ordering = _ordering_of(queryset)
        direction, key = self._decode(request.query_params.get(self.cursor_query_param))
        backwards = direction == "before"
        rows = queryset.order_by(*(_reversed(field) for field in ordering) if backwards else ordering)
        if key is not None:
            try:
                rows = rows.filter(_after(ordering, key, backwards=backwards))
            except (ValueError, TypeError, ValidationError):  # a key of the wrong types
                raise NotFound(_("无效的翻页参数")) from None
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if backwards:
            page.reverse()
        keys = [_key_of(row, ordering) for row in (page[0], page[-1])] if page else None
        self.next_key = keys[1] if keys and (more or backwards) else None
        self.previous_key = keys[0] if keys and (key is not None and (more or not backwards)) else None
        return page

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link("after", self.next_key),
                "previous": self._link("before", self.previous_key),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "the page after or before another: the cursor from its `next` or `previous` link",
                "schema": {"type": "string"},
            }
        ]

    def _link(self, direction, key):
        if key is None:
            return None
        url = self.request.build_absolute_uri()
        cursor = base64.urlsafe_b64encode(json.dumps([direction, key]).encode()).decode()
        return replace_query_param(remove_query_param(url, self.cursor_query_param), self.cursor_query_param, cursor)

    def _decode(self, cursor):
        if not cursor:
            return "after", None
        try:
            direction, key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
            if direction not in ("after", "before") or not isinstance(key, list):
                raise ValueError(direction)
        except (ValueError, TypeError, UnicodeError):
            raise NotFound(_("无效的翻页参数")) from None
        return direction, key


def _ordering_of(queryset) -> list[str]:
    return list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])


def _reversed(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def _after(ordering: list[str], key: list, *, backwards: bool) -> Q:
    """Rows past `key` in `ordering` (before it when going backwards): (a, b) > (x, y) spelled out as
    a > x OR (a = x AND b > y), which a database reads as one range of the list's index."""
    if len(key) != len(ordering):
        raise NotFound(_("无效的翻页参数"))
    branches, equal = [], Q()
    for field, value in zip(ordering, key, strict=True):
        name = field.lstrip("-")
        descending = field.startswith("-") != backwards
        branches.append(equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value}))
        equal &= Q(**{name: value})
    return reduce(or_, branches)


def _key_of(row, ordering: list[str]) -> list:
    key = []
    for field in ordering:
        value = row
        for part in field.lstrip("-").split("__"):
            value = getattr(value, part)
        key.append(_plain(value))
    return key


def _plain(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def capped_rows(queryset, *, beyond: int = 0):
    """The rows a capped count counts: the list's first `beyond` + COUNT_CAP + 1, in the list's own
    order, so that the database reads them from the index the list is sorted by and stops there."""
    return queryset.values("pk")[: beyond + COUNT_CAP + 1]


def capped_count(queryset, *, beyond: int = 0) -> tuple[int, bool]:
    """The rows of `queryset` past the first `beyond`, counted up to COUNT_CAP, and whether there
    are more."""
    counted = capped_rows(queryset, beyond=beyond).count()
    return min(counted, beyond + COUNT_CAP), counted > beyond + COUNT_CAP


def count_label(queryset) -> str:
    """ "57", or "1,000+" for a large scope."""
    count, more = capped_count(queryset)
    return f"{count:,}+" if more else f"{count:,}"


class CappedPaginator(Paginator):
    """Django's paginator for the pages, counting at most COUNT_CAP rows past the page asked for: a
    large list says "1,000+" and its pager offers the next page without numbering the last one."""

    def get_page(self, number):
        try:
            self._asked = max(int(number), 1)
        except (TypeError, ValueError):
            self._asked = 1
        return super().get_page(number)

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return capped_count(self.object_list, beyond=(getattr(self, "_asked", 1) - 1) * self.per_page)

    @cached_property
    def count(self) -> int:
        count, more = self._capped
        # One row more than shown keeps a next page open past the cap.
        return count + 1 if more else count

    @property
    def count_capped(self) -> bool:
        return self._capped[1]

    @property
    def count_label(self) -> str:
        count, more = self._capped
        return f"{count:,}+" if more else f"{count:,}"
