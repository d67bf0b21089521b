"""``field__any_of=keys``: a long list of keys as one parameter on PostgreSQL.

``field__in=keys`` writes a placeholder for each key, and each is then quoted and
parsed in turn by psycopg and by PostgreSQL: with 800 youth keys, several milliseconds
of a report. ``field__any_of=keys`` asks ``field = ANY(%s)`` with the keys as one array,
which PostgreSQL plans as it plans the list. Elsewhere (SQLite) it is ``__in``. Keys are
deduplicated and ``None`` left out, as ``__in`` does; no keys match nothing. It takes
keys (a foreign key's: the keys of what it points at), not model objects."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value() or self.bilateral_transforms:
            return self.as_sql(compiler, connection)
        keys = [key for key in dict.fromkeys(self.rhs) if key is not None]
        if not keys:
            raise EmptyResultSet
        field = self.lhs.output_field
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [field.get_db_prep_value(key, connection, prepared=True) for key in keys]
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


def register() -> None:
    Field.register_lookup(AnyOf)
    # A relation's lookups are its own, not those of every field: keys of a foreign key.
    ForeignObject.register_lookup(AnyOf)
