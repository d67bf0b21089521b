"""Quick choice labels (lib/choices.py) say what Django's own would, field by field."""

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase
from django.utils import translation

from carecircle.lib.choices import _display, quick_labels
from carecircle.youth.models import ExploitationStatus


class QuickLabelsTest(SimpleTestCase):
    def test_every_choice_field_labels_its_values_as_django_does(self):
        checked = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not field.choices:
                    continue
                values = [key for key, _label in field.flatchoices]
                for value in [*values, "not-a-choice", None]:
                    row = model()
                    setattr(row, field.attname, value)
                    for language in ("en", "es"):
                        with (
                            translation.override(language),
                            self.subTest(model=model.__name__, field=field.name, value=value),
                        ):
                            shown = getattr(row, f"get_{field.name}_display")()
                            self.assertEqual(shown, models.Model._get_FIELD_display(row, field))
                checked += 1
        self.assertGreater(checked, 20)

    def test_the_fields_are_given_the_quick_labels_once(self):
        given = vars(ExploitationStatus)["get_category_display"]
        self.assertIsInstance(given, partialmethod)
        self.assertIs(given.func, _display)
        # Asked again, it gives them again, the same way (start-up asks once).
        self.assertGreater(quick_labels(), 20)
        self.assertIs(vars(ExploitationStatus)["get_category_display"].func, _display)

    def test_a_label_is_translated_as_it_is_shown(self):
        status = ExploitationStatus(category="during_care")
        with translation.override("en"):
            self.assertEqual(status.get_category_display(), "Exploited during foster care")
