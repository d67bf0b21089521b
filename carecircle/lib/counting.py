"""Counts that stop early: a badge that says "99+" need not read a thousand rows."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def counts_up_to(querysets: dict[str, QuerySet], limit: int) -> dict[str, int]:
    """Each queryset's count, stopping at ``limit``: in one query, where each count reads
    at most ``limit`` rows. The querysets must share a database; the names are the
    caller's own words, never input."""
    if not querysets:
        return {}
    using = {qs.db for qs in querysets.values()}
    if len(using) != 1:
        raise ValueError("The querysets are counted together, so from one database.")
    parts, params = [], []
    for number, queryset in enumerate(querysets.values()):
        # No order: any `limit` rows will do, and a sort would read them all first.
        rows = queryset.order_by().values("pk")[:limit]
        compiler = rows.query.get_compiler(using=queryset.db)
        try:
            sql, part_params = compiler.as_sql()
        except EmptyResultSet:  # a queryset that can hold nothing (``none()``)
            parts.append("0")
            continue
        # Composed from the compiled queryset; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS part_{number})")  # noqa: S608
        params.extend(part_params)
    with connections[using.pop()].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
