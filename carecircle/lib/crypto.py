"""Encrypting a few free-text fields at rest with dedicated keys (MultiFernet).

Keys come from the ``CARECIRCLE_FIELD_KEYS`` setting: a list of Fernet keys, the first
encrypts and every one decrypts, so a new key goes first and an old one stays until
``manage.py rotate_field_keys`` has re-encrypted everything. A stored value is ``PREFIX``
followed by a Fernet token, so encrypted and plain values can be told apart.

Nothing here ever returns ciphertext or an empty string in place of a value it cannot
read: a wrong or missing key raises ``FieldDecryptionError`` naming the field.

This module is imported by the settings file, so it imports no models.
"""

import base64
import functools
import hashlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

# "Care Circle encrypted, format 1". A new format would get a new prefix.
PREFIX = "ccenc1:"

# The DEVELOPMENT key: derived from a constant in this public source file, so it
# protects nothing. It exists so that the demo, development machines and the tests run
# without configuration and can read each other's databases. `check --deploy` refuses it
# (carecircle.lib.checks).
DEVELOPMENT_FIELD_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"Care Circle development field key: public, protects nothing").digest()
).decode()


class FieldEncryptionError(Exception):
    """An encrypted field could not be read or written as it should."""


class FieldKeysMissing(FieldEncryptionError, ImproperlyConfigured):
    """No usable key is configured."""


class FieldDecryptionError(FieldEncryptionError):
    """No configured key opens a stored value: the keys are wrong or one is missing."""


class FieldNotEncrypted(FieldEncryptionError):
    """A stored value of an encrypted field is plain text."""


@functools.lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            # The key itself never appears in a message: it would end up in logs.
            raise FieldKeysMissing(
                _(
                    "Key number %(position)d in CARECIRCLE_FIELD_KEYS is not a Fernet key "
                    "(32 bytes, URL-safe base64). See docs/operations.md."
                )
                % {"position": position}
            ) from None
    return MultiFernet(fernets), fernets[0]


def configured_keys() -> tuple[str, ...]:
    return tuple(key.strip() for key in getattr(settings, "CARECIRCLE_FIELD_KEYS", ()) if key)


def _keys() -> tuple[MultiFernet, Fernet]:
    keys = configured_keys()
    if not keys:
        raise FieldKeysMissing(
            _(
                "CARECIRCLE_FIELD_KEYS is empty: encrypted fields can be neither read nor "
                "written. See docs/operations.md."
            )
        )
    return _multifernet(keys)


def check_keys() -> None:
    """Raise ``FieldKeysMissing`` unless the configured keys are usable."""
    _keys()


def key_fingerprint(key: str) -> str:
    """A short name for a key that reveals nothing of it, for logs and the audit."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def encrypt(plaintext: str) -> str:
    """The stored form of ``plaintext``. An empty value stays empty: there is nothing to
    hide in it, and "not recorded" can still be filtered on."""
    if plaintext == "":
        return ""
    multi, _first = _keys()
    return PREFIX + multi.encrypt(plaintext.encode()).decode("ascii")


def decrypt(stored: str, *, label: str) -> str:
    """The plain text of a stored value of the field ``label`` (``app.model.field``)."""
    if stored == "":
        return ""
    if not stored.startswith(PREFIX):
        raise FieldNotEncrypted(
            _(
                "%(field)s holds a value that is not encrypted. Run 'manage.py migrate', "
                "then 'manage.py rotate_field_keys', which encrypts plain values."
            )
            % {"field": label}
        )
    multi, _first = _keys()
    try:
        return multi.decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise _cannot_decrypt(label) from None


def _cannot_decrypt(label: str) -> FieldDecryptionError:
    return FieldDecryptionError(
        _(
            "%(field)s cannot be decrypted with the keys in CARECIRCLE_FIELD_KEYS: the keys "
            "are wrong, or the key it was encrypted with is missing. Nothing is shown rather "
            "than something wrong. See docs/operations.md."
        )
        % {"field": label}
    )


@dataclass(frozen=True)
class Rewrapped:
    stored: str
    state: str  # one of the STATES below


EMPTY, CURRENT, ROTATED, WAS_PLAIN = "empty", "current", "rotated", "was_plain"
STATES = (EMPTY, CURRENT, ROTATED, WAS_PLAIN)


def rewrap(stored: str, *, label: str) -> Rewrapped:
    """``stored`` under the first key: unchanged if it already is, re-encrypted if an
    older key opens it, encrypted if it was plain text. Raises ``FieldDecryptionError``
    when no key opens it."""
    if stored == "":
        return Rewrapped(stored, EMPTY)
    multi, first = _keys()
    if not stored.startswith(PREFIX):
        return Rewrapped(encrypt(stored), WAS_PLAIN)
    try:
        token = stored[len(PREFIX) :].encode("ascii")
    except ValueError:
        raise _cannot_decrypt(label) from None
    try:
        first.decrypt(token)
        return Rewrapped(stored, CURRENT)
    except InvalidToken:
        pass
    try:
        return Rewrapped(PREFIX + multi.rotate(token).decode("ascii"), ROTATED)
    except InvalidToken:
        raise _cannot_decrypt(label) from None
