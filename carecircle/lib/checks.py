"""System checks for the field encryption keys.

``lib.E002`` (keys that are not Fernet keys) runs with every command: no encrypted value
could be read or written. ``lib.E001`` (only the public development key) and ``lib.W001``
(the development key still listed) run with every command when CARECIRCLE_ENV is
production, and in ``manage.py check --deploy`` whenever DEBUG is off. They are not
ordinary checks whenever DEBUG is off because the demo and development machines run
that way, with the development key, on purpose.
"""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import gettext as _

from carecircle.lib import crypto

GENERATE = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def _hint() -> str:
    return _(
        "Set CARECIRCLE_FIELD_KEYS to keys made with: %(command)s. See docs/operations.md."
    ) % {"command": GENERATE}


@register(Tags.security)
def check_field_keys_usable(app_configs: Any = None, **kwargs: Any) -> list:
    try:
        crypto.check_keys()
    except crypto.FieldKeysMissing as error:
        return [Error(str(error), hint=_hint(), id="lib.E002")]
    return []


def _real_keys_problems() -> list:
    keys = crypto.configured_keys()
    if not keys or keys[0] == crypto.DEVELOPMENT_FIELD_KEY:
        return [
            Error(
                _(
                    "No field encryption key is configured: the most sensitive free text "
                    "would be encrypted with the public development key, which protects "
                    "nothing."
                ),
                hint=_hint(),
                id="lib.E001",
            )
        ]
    if crypto.DEVELOPMENT_FIELD_KEY in keys:
        return [
            Warning(
                _(
                    "CARECIRCLE_FIELD_KEYS still lists the public development key. Run "
                    "'manage.py rotate_field_keys', then remove it."
                ),
                id="lib.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_field_keys_are_real(app_configs: Any = None, **kwargs: Any) -> list:
    """Any deployment without DEBUG: what ``check --deploy`` reports. (In production the
    check below runs anyway, during ``check --deploy`` too.)"""
    if settings.DEBUG or getattr(settings, "PRODUCTION", False):
        return []
    return _real_keys_problems()


@register(Tags.security)
def check_production_field_keys(app_configs: Any = None, **kwargs: Any) -> list:
    """With CARECIRCLE_ENV=production every command refuses the development key (the
    settings already refuse to start without CARECIRCLE_FIELD_KEYS)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    return _real_keys_problems()
