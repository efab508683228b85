"""A `prefix` lookup that an ordinary B-tree index serves on both database backends.

Django's `startswith` becomes `LIKE 'x%'`. PostgreSQL answers that from an index built with a
`*_pattern_ops` operator class; SQLite never uses an index for it (its LIKE is case-insensitive
unless the column is NOCASE), so on SQLite the same question is asked as a range of binary
strings, which the index answers directly.
"""

from django.db.models import CharField, Lookup

_AFTER_EVERY_CHARACTER = "\U0010ffff"


@CharField.register_lookup
class Prefix(Lookup):
    lookup_name = "prefix"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = connection.ops.prep_for_like_query(self.rhs) + "%"
        return f"{lhs} LIKE %s", [*lhs_params, pattern]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, self.rhs, *lhs_params, self.rhs + _AFTER_EVERY_CHARACTER]
