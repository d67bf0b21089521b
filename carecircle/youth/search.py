"""Keeping the search keys of a youth current, for search before create."""

from collections.abc import Iterable

from carecircle.youth.matching import phonetic_keys


def keys_for(youth, *, aliases: Iterable) -> set[str]:
    """Every phonetic key of every name the youth is known by."""
    keys: set[str] = set()
    for name in (youth.first_name, youth.last_name, youth.preferred_name):
        keys |= phonetic_keys(name)
    for alias in aliases:
        keys |= phonetic_keys(alias.name)
    return keys


def rebuild_keys(youth) -> None:
    """Replace the youth's keys; called by every action that changes a name."""
    from carecircle.youth.models import YouthSearchKey

    YouthSearchKey.objects.filter(youth=youth).delete()
    YouthSearchKey.objects.bulk_create(
        YouthSearchKey(youth=youth, county_id=youth.county_id, key=key)
        for key in keys_for(youth, aliases=youth.aliases.all())
    )
