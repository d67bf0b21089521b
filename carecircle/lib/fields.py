"""``EncryptedTextField``: a text field stored encrypted (see ``carecircle.lib.crypto``),
and the helpers the data migrations and the key rotation use to reach its raw values.

The database holds only ciphertext, so it can neither search nor compare these values:
every lookup but ``isnull`` and ``exact ""`` (blank or not) raises ``FieldError`` rather
than silently matching nothing.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps as global_apps
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.db.models.lookups import Exact, IsNull
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.lib import crypto


class EncryptedExact(Exact):
    """Only "is it blank?" can be asked: a value is encrypted afresh each time, so it
    never equals what is stored."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                _(
                    "%(field)s is encrypted: the database cannot compare it with a value. "
                    'Only a test for blank ("") is possible.'
                )
                % {"field": field_label(self.lhs.output_field)}
            )
        return super().get_prep_lookup()


ALLOWED_LOOKUPS = {"exact": EncryptedExact, "isnull": IsNull}


class EncryptedTextField(models.TextField):
    description = gettext_lazy("Text, encrypted in the database")

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value, label=field_label(self))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None:
            return None
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        return ALLOWED_LOOKUPS.get(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


def field_label(field: models.Field) -> str:
    model = getattr(field, "model", None)
    if model is None:
        return field.name or "?"
    return f"{model._meta.label_lower}.{field.name}"


def encrypted_fields(apps: Any = global_apps) -> list[tuple[type[models.Model], list[str]]]:
    """Each model with encrypted fields, and their names, from the model registry, so a
    field added later is rotated without being listed anywhere."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.name
            for f in model._meta.get_fields(include_parents=False)
            if isinstance(f, EncryptedTextField) and f.concrete
        ]
        if names:
            found.append((model, names))
    return found


def raw_values(queryset: models.QuerySet, fields: list[str]) -> models.QuerySet:
    """``(pk, *stored values)`` rows: the stored text as it is, never decrypted."""
    raw = {
        f"raw_{name}": models.ExpressionWrapper(models.F(name), output_field=models.TextField())
        for name in fields
    }
    return queryset.annotate(**raw).values_list("pk", *raw)


def batches(
    model: type[models.Model], fields: list[str], *, size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """Raw rows in primary-key order, ``size`` at a time. Each batch is read afresh after
    the one before it was written, so rewriting rows while walking them is safe. The base
    manager: a manager that hides rows (sealed records, say) must not hide them here."""
    last = None
    while True:
        queryset = model._base_manager.order_by("pk")
        if last is not None:
            queryset = queryset.filter(pk__gt=last)
        rows = list(raw_values(queryset, fields)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def write_raw(model: type[models.Model], pk: Any, values: dict[str, str]) -> None:
    """Store ``values`` exactly as given (already encrypted or deliberately plain)."""
    model._base_manager.filter(pk=pk).update(
        **{name: models.Value(v, output_field=models.TextField()) for name, v in values.items()}
    )


def _convert_table(
    apps: Any, label: str, fields: list[str], convert: Callable[[str, str], str | None]
) -> None:
    model = apps.get_model(label)
    for rows in batches(model, fields, size=500):
        with transaction.atomic():
            for pk, *stored in rows:
                changed = {}
                for name, value in zip(fields, stored, strict=True):
                    new = convert(value or "", f"{model._meta.label_lower}.{name}")
                    if new is not None and new != value:
                        changed[name] = new
                if changed:
                    write_raw(model, pk, changed)


def encrypt_existing(label: str, fields: list[str]) -> Callable[[Any, Any], None]:
    """A ``RunPython`` step that encrypts the plain values of ``fields`` of the model
    ``label`` (``"app.Model"``). Run it while the fields are still plain ``TextField``
    in the migration state, before the ``AlterField`` steps; values already encrypted
    are left alone, so a re-run after a failure finishes the job."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        def convert(value: str, where: str) -> str | None:
            return None if value == "" or crypto.is_encrypted(value) else crypto.encrypt(value)

        _convert_table(apps, label, fields, convert)

    return forwards


def decrypt_existing(label: str, fields: list[str]) -> Callable[[Any, Any], None]:
    """The reverse of ``encrypt_existing``: puts the plain text back, which needs the
    keys that encrypted it."""

    def backwards(apps: Any, schema_editor: Any) -> None:
        def convert(value: str, where: str) -> str | None:
            return crypto.decrypt(value, label=where) if crypto.is_encrypted(value) else None

        _convert_table(apps, label, fields, convert)

    return backwards
