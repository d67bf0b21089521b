"""Choice labels shown without working out every label of the field.

Django's ``get_<field>_display`` builds a dictionary of all the field's choices each
time it is called, hashing every label; the labels are lazily translated, so each hash
translates it. A list of 50 youth shows about 250 labels: some 1,500 translations and
10 ms a page. Here each field's labels are looked up by value in a dictionary built
once (the labels stay lazy, so it serves every language), and only the label shown is
translated. ``quick_labels()`` gives the fields with fixed choices of Care Circle's own
models this ``get_<field>_display``, once at start-up (``LibConfig.ready``), unless the
model writes its own; the results are Django's (``lib/tests/test_choices.py``).
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str

_LABELS: dict[models.Field, dict] = {}


def _labels(field: models.Field) -> dict:
    labels = _LABELS.get(field)
    if labels is None:
        labels = _LABELS[field] = dict(field.flatchoices)
    return labels


def _display(self: models.Model, *, field: models.Field) -> str:
    value = getattr(self, field.attname)
    try:
        label = _labels(field).get(value, value)
    except TypeError:  # a value that cannot be a key (a list): the model's own way
        return type(self)._get_FIELD_display(self, field)
    return force_str(label, strings_only=True)


def quick_labels() -> int:
    """Give every model's fields with fixed choices the quick ``get_<field>_display``;
    the number of fields given it."""
    given = 0
    for model in apps.get_models():
        if not model.__module__.startswith("carecircle."):
            continue  # Django's and the libraries' models keep their own
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            if not isinstance(field.choices, list | tuple) or name in _own(model):
                continue
            setattr(model, name, partialmethod(_display, field=field))
            given += 1
    return given


def _own(model: type[models.Model]) -> set[str]:
    """Names the model or its own (non-Django) bases define themselves."""
    return {
        name
        for klass in model.__mro__
        if klass.__module__.startswith("carecircle.")
        for name, value in vars(klass).items()
        if not isinstance(value, partialmethod)
    }
