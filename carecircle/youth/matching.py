"""Search before create: find the youth a county may already know under another name.

Youth use aliases and street names, dates of birth are mistyped, and the same youth is
known to several agencies under different numbers. Candidates are gathered through
indexed keys (phonetic keys of every name, date-of-birth variants, case numbers, and
trigram similarity on PostgreSQL), then scored in Python with reasons a person can check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

import jellyfish
from django.db.models import F
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from carecircle.youth.nicknames import variants

MIN_SCORE = 45
# The points of ``score``. The most a name can give; what each agreement of birth date
# gives; a shared case number. ``counties_with_strong_matches`` relies on a youth that
# no birth-date variant or case number finds scoring at most NAME_MOST + NEAR_BIRTH.
NAME_MOST = 55
SAME_BIRTH = 35
SWAPPED_BIRTH = 28
SLIPPED_BIRTH = 25
NEAR_BIRTH = 5
SAME_NUMBER = 60
# Below this many candidates from the keys, PostgreSQL also tries trigram similarity.
FEW = 20
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name or "")]


def phonetic_keys(name: str) -> set[str]:
    """Keys that sound-alike spellings share: Jazmin/Jasmine, Rodrigues/Rodriguez."""
    return set(_phonetic_keys(name))


@lru_cache(maxsize=65536)
def _phonetic_keys(name: str) -> frozenset[str]:
    keys: set[str] = set()
    for word in words(name):
        for form in variants(word):
            keys.add("m:" + jellyfish.metaphone(form))
            keys.add("n:" + jellyfish.nysiis(form))
    keys.discard("m:")
    keys.discard("n:")
    return frozenset(keys)


def normalise_identifier(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dob_variants(born: date) -> set[date]:
    """The date, the date with day and month swapped, and every date two of its digits
    exchanged away (2009-03-14 typed as 2009-04-13 or 2009-03-41; only real dates)."""
    found = {born}
    swapped = _valid(born.year, born.day, born.month)
    if swapped:
        found.add(swapped)
    # Zero-padded by hand: strftime does not pad years before 1000 everywhere.
    digits = f"{born.year:04d}{born.month:02d}{born.day:02d}"
    for i in range(len(digits)):
        for j in range(i + 1, len(digits)):
            if digits[i] == digits[j]:
                continue
            moved = list(digits)
            moved[i], moved[j] = moved[j], moved[i]
            text = "".join(moved)
            candidate = _valid(int(text[:4]), int(text[4:6]), int(text[6:]))
            if candidate and 1990 <= candidate.year <= date.today().year:
                found.add(candidate)
    return found


@dataclass(frozen=True)
class Probe:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    other_name: str = ""
    identifier: str = ""

    def full_names(self) -> list[str]:
        names = [f"{self.first_name} {self.last_name}".strip()]
        if self.other_name:
            names.append(self.other_name)
        return [n for n in names if n]

    def keys(self) -> set[str]:
        keys = phonetic_keys(self.first_name) | phonetic_keys(self.last_name)
        return keys | phonetic_keys(self.other_name)

    @cached_property
    def birth_variants(self) -> frozenset[date]:
        """``dob_variants`` of the birth date, worked out once for every candidate."""
        return frozenset(dob_variants(self.date_of_birth)) if self.date_of_birth else frozenset()


@dataclass
class Match:
    youth: object
    score: int
    reasons: list[str] = field(default_factory=list)


def _name_score(probe: Probe, known: Iterable[tuple[str, str]]) -> tuple[int, str | None]:
    """The best name agreement (0 to 55) and why."""
    best, why = 0, None
    probe_first = set(words(probe.first_name))
    probe_last = set(words(probe.last_name))
    for label, name in known:
        name_words = words(name)
        for probe_name in probe.full_names():
            similarity = fuzz.token_sort_ratio(probe_name.lower(), " ".join(name_words))
            points = int(similarity * 0.55)
            reason = None
            if similarity >= 90:
                reason = _("%(label)s “%(name)s” matches") % {"label": label, "name": name}
            elif similarity >= 75:
                reason = _("%(label)s “%(name)s” is spelled like it") % {
                    "label": label,
                    "name": name,
                }
            nickname = any(
                variants(word) & probe_first and word not in probe_first for word in name_words
            )
            if nickname and probe_last & set(name_words):
                points = max(points, 48)
                reason = _("%(label)s “%(name)s” is a common form of the same name") % {
                    "label": label,
                    "name": name,
                }
            if not reason and len(phonetic_keys(probe_name) & phonetic_keys(name)) >= 4:
                points = max(points, 35)
                reason = _("%(label)s “%(name)s” sounds the same") % {
                    "label": label,
                    "name": name,
                }
            if points > best:
                best, why = points, reason
    return min(best, NAME_MOST), why


def score(probe: Probe, youth, aliases: list, identifiers: list) -> Match:
    reasons: list[str] = []
    known = [(_("Name"), youth.full_name)]
    if youth.preferred_name:
        known.append((_("Preferred name"), f"{youth.preferred_name} {youth.last_name}"))
    known += [(a.get_kind_display(), a.name) for a in aliases]
    points, why = _name_score(probe, known)
    if why:
        reasons.append(why)
    if probe.date_of_birth:
        born = youth.date_of_birth
        if born == probe.date_of_birth:
            points += SAME_BIRTH
            reasons.append(_("Same date of birth"))
        elif born == _valid(
            probe.date_of_birth.year, probe.date_of_birth.day, probe.date_of_birth.month
        ):
            points += SWAPPED_BIRTH
            reasons.append(_("Date of birth with day and month swapped"))
        elif born in probe.birth_variants:
            points += SLIPPED_BIRTH
            reasons.append(_("Date of birth one typing slip away"))
        elif abs((born - probe.date_of_birth).days) <= 366:
            points += NEAR_BIRTH
    wanted = normalise_identifier(probe.identifier)
    if wanted:
        for identifier in identifiers:
            if identifier.normalized == wanted:
                points += SAME_NUMBER
                reasons.append(
                    _("Same %(kind)s: %(value)s")
                    % {"kind": identifier.get_kind_display(), "value": identifier.value}
                )
                break
    return Match(youth=youth, score=min(points, 100), reasons=reasons)


def _lookups(probe: Probe, where: dict, *, by_name: bool = True) -> list:
    """The candidate lookups for ``probe`` among youth matching ``where`` (one county, or
    the whole state), each a queryset of rows with ``youth_id`` and ``county_id``; without
    the name lookups unless ``by_name``."""
    from carecircle.youth.models import Youth, YouthIdentifier, YouthSearchKey

    keys = YouthSearchKey.objects.filter(**where)
    found = []
    first, last = phonetic_keys(probe.first_name), phonetic_keys(probe.last_name)
    if by_name and first and last:
        # Both a given-name key and a family-name key: one common key alone would
        # gather half a county.
        found.append(
            keys.filter(key__in=first)
            .values("youth_id", "county_id")
            .intersection(keys.filter(key__in=last).values("youth_id", "county_id"))
        )
    other = phonetic_keys(probe.other_name) if by_name else set()
    if other:
        found.append(keys.filter(key__in=other).values("youth_id", "county_id"))
    youth = Youth.objects.filter(**where)
    if probe.date_of_birth:
        near = youth.filter(date_of_birth__in=sorted(probe.birth_variants))
        found.append(near.values("county_id", youth_id=F("pk")))
    wanted = normalise_identifier(probe.identifier)
    if wanted:
        found.append(
            YouthIdentifier.objects.filter(**where, normalized=wanted).values(
                "youth_id", "county_id"
            )
        )
    return found


def _similar(probe: Probe, where: dict):
    """Spellings the phonetic keys miss: trigram similarity of both names (PostgreSQL),
    kept narrow by the birth year when it is known, so common names stay cheap."""
    from django.db import connection

    from carecircle.youth.models import Youth

    if connection.vendor != "postgresql" or not probe.last_name:
        return None
    similar = Youth.objects.filter(
        **where,
        last_name__trigram_similar=probe.last_name,
        first_name__trigram_similar=probe.first_name,
    )
    if probe.date_of_birth:
        # The year before to the year after, as days: the birth-date index can take it.
        year = probe.date_of_birth.year
        similar = similar.filter(
            date_of_birth__gte=date(max(year - 1, 1), 1, 1),
            date_of_birth__lte=date(min(year + 1, 9999), 12, 31),
        )
    return similar.values("county_id", youth_id=F("pk"))


def counties_with_strong_matches(
    queryset, probe: Probe, *, besides: int, threshold: int = 70
) -> set[int]:
    """The counties other than ``besides`` where a youth of ``queryset`` matches
    ``probe`` with at least ``threshold``: the lookups of ``find_matches`` that can
    reach it, made for the whole state at once (one query per lookup, not one per county).

    A youth found by name alone scores at most ``NAME_MOST + NEAR_BIRTH`` (60). Above
    that, only a birth date among the probe's variants or the same case number can bring
    a youth to the threshold, so the name lookups, which gather many more youth across a
    state, are not made: every youth that can reach the threshold is still scored."""
    ids: set = set()
    by_name = threshold <= NAME_MOST + NEAR_BIRTH
    similar = _similar(probe, {}) if by_name else None
    lookups = _lookups(probe, {}, by_name=by_name)
    for rows in [*lookups, *([similar] if similar is not None else [])]:
        ids.update(row["youth_id"] for row in rows if row["county_id"] != besides)
    matches = _scored(queryset.exclude(county_id=besides), probe, ids)
    return {m.youth.county_id for m in matches if m.score >= threshold}


def candidates(probe: Probe, *, county_id: int, gather: int = 300) -> set:
    """The keys of the county's youth worth scoring against ``probe``: separate indexed
    lookups, each capped, so that the cost grows with the number of candidates, not of
    youth. Whoever may see them: ``find_matches`` scores what its queryset allows."""
    ids: set = set()
    where = {"county_id": county_id}
    for rows in _lookups(probe, where):
        ids.update(row["youth_id"] for row in rows[:gather])
    similar = _similar(probe, where) if len(ids) < FEW else None
    if similar is not None:
        ids.update(row["youth_id"] for row in similar[:gather])
    return ids


def find_matches(
    queryset, probe: Probe, *, county_id: int, limit: int = 10, ids: set | None = None
) -> list[Match]:
    """Rank the youth of ``queryset`` (already limited to what the viewer may search, in
    county ``county_id``) against ``probe``: the ``candidates`` (found here unless given,
    when one probe is ranked against more than one queryset), fetched by key."""
    if ids is None:
        ids = candidates(probe, county_id=county_id)
    ranked = sorted(
        (m for m in _scored(queryset, probe, ids) if m.score >= MIN_SCORE),
        key=lambda m: (-m.score, str(m.youth)),
    )
    return ranked[:limit]


def _scored(queryset, probe: Probe, ids: set) -> list[Match]:
    """The candidates ``ids`` of ``queryset``, each scored against ``probe``."""
    if not ids:
        return []
    # Case numbers count only when the probe gives one: without, they are not read.
    wanted = bool(normalise_identifier(probe.identifier))
    pool = queryset.filter(pk__in=ids).prefetch_related(
        "aliases", *(["identifiers"] if wanted else [])
    )
    return [
        score(
            probe,
            youth,
            list(youth.aliases.all()),
            list(youth.identifiers.all()) if wanted else [],
        )
        for youth in pool
    ]
