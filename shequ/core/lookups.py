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


@CharField.register_lookup
class Within(Prefix):
    """`code__within=region_code`: the records under a region, by code prefix.

    SQLite keeps no statistics of value ranges, so it cannot tell that "under the county" is nearly
    everything while "under a grid" is a few hundred rows; without that it may read a whole county
    through the scope index instead of the few rows a name search matches. The hint says how much
    of a county a code of each length covers (county, township, village-level unit, grid), each
    kept above SQLite's own guess for a search key's range (about 1/64): where a search key has an
    index, that index leads and the scope is checked inside it.
    """

    lookup_name = "within"
    SHARE_OF_COUNTY = {6: 0.9, 9: 0.3, 12: 0.05, 15: 0.02}

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        share = self.SHARE_OF_COUNTY.get(len(self.rhs), 1.0)
        return (
            f"(likelihood({lhs} >= %s, {share}) AND likelihood({lhs} < %s, 1.0))",
            [*lhs_params, self.rhs, *lhs_params, self.rhs + _AFTER_EVERY_CHARACTER],
        )
