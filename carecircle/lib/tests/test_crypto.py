"""The encrypted fields: what the database holds, what people read, and what happens
when the keys are wrong."""

import json

from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.urls import reverse

from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import MissingEpisode
from carecircle.lib import crypto
from carecircle.lib.fields import encrypted_fields
from carecircle.lib.tests.base import ENCRYPTED, EncryptedRecordsTestCase, keys, raw, write_raw
from carecircle.records.models import Note
from carecircle.youth.models import Identification

OTHER_KEY = Fernet.generate_key().decode()


def label(obj, field: str) -> str:
    return f"{obj._meta.label_lower}.{field}"


class EncryptedFieldTest(EncryptedRecordsTestCase):
    def note(self) -> Note:
        return next(
            obj for obj, field, _ in self.written if field == "body" and isinstance(obj, Note)
        )

    def test_it_encrypts_exactly_the_fields_the_decision_record_lists(self):
        found = {
            f"{model._meta.label_lower}.{name}"
            for model, names in encrypted_fields()
            for name in names
        }
        self.assertEqual(found, ENCRYPTED)
        self.assertEqual({label(obj, field) for obj, field, _ in self.written}, ENCRYPTED)

    def test_the_database_holds_only_prefixed_ciphertext(self):
        for obj, field, plain in self.written:
            with self.subTest(label(obj, field)):
                stored = raw(obj, field)
                self.assertTrue(plain)
                self.assertTrue(stored.startswith(crypto.PREFIX), stored[:20])
                self.assertNotIn(plain, stored)
                # Not some reversible encoding of the text: only the key opens it.
                token = stored[len(crypto.PREFIX) :].encode()
                self.assertEqual(
                    Fernet(crypto.DEVELOPMENT_FIELD_KEY).decrypt(token).decode(), plain
                )

    def test_it_reads_back_what_was_written(self):
        for obj, field, plain in self.written:
            with self.subTest(label(obj, field)):
                fresh = type(obj).objects.get(pk=obj.pk)
                self.assertEqual(getattr(fresh, field), plain)
                values = type(obj).objects.filter(pk=obj.pk).values_list(field, flat=True)
                self.assertEqual(list(values), [plain])

    def test_each_save_encrypts_afresh(self):
        note = self.note()
        before = raw(note, "body")
        note.save()
        self.assertNotEqual(raw(note, "body"), before)
        self.assertEqual(Note.objects.get(pk=note.pk).body, note.body)

    def test_the_audit_log_copies_none_of_the_plain_text(self):
        details = [
            json.dumps(d, ensure_ascii=False)
            for d in AuditEvent.objects.values_list("detail", flat=True)
        ]
        self.assertGreater(len(details), 5)
        fragments = {plain for _, _, plain in self.written}
        fragments |= {"Darnell", "Smoke", "Alder Lane", "Route 9", "Starlite"}
        for fragment in fragments:
            with self.subTest(fragment):
                self.assertFalse([d for d in details if fragment in d])

    def test_a_wrong_key_fails_loudly_and_names_the_field(self):
        with keys(OTHER_KEY):
            for obj, field, _ in self.written:
                with self.subTest(label(obj, field)):
                    with self.assertRaises(crypto.FieldDecryptionError) as failed:
                        type(obj).objects.only(field).get(pk=obj.pk)
                    message = str(failed.exception)
                    self.assertIn(label(obj, field), message)
                    self.assertIn("CARECIRCLE_FIELD_KEYS", message)
                    self.assertIn("wrong", message)

    def test_a_page_never_shows_ciphertext_or_a_blank_in_place_of_the_note(self):
        note = self.note()
        self.login("clinician")
        url = reverse("records:note", kwargs={"youth_id": note.youth_id, "item_id": note.pk})
        self.assertContains(self.client.get(url), "Darnell")
        with keys(OTHER_KEY), self.assertRaises(crypto.FieldDecryptionError):
            self.client.get(url)

    def test_an_old_key_behind_a_new_one_still_decrypts_and_new_writes_use_the_new_one(self):
        note = self.note()
        with keys(OTHER_KEY, crypto.DEVELOPMENT_FIELD_KEY):
            self.assertEqual(Note.objects.get(pk=note.pk).body, note.body)
            note.save()
            token = raw(note, "body")[len(crypto.PREFIX) :].encode()
            self.assertEqual(Fernet(OTHER_KEY).decrypt(token).decode(), note.body)

    def test_no_key_at_all_refuses_to_read_or_write(self):
        note = self.note()
        with keys():
            with self.assertRaises(crypto.FieldKeysMissing):
                Note.objects.get(pk=note.pk)
            with self.assertRaises(crypto.FieldKeysMissing):
                note.save()

    def test_a_plain_value_left_in_the_database_is_detected(self):
        note = self.note()
        write_raw(note, "body", "Typed straight into the database.")
        with self.assertRaises(crypto.FieldNotEncrypted) as failed:
            Note.objects.get(pk=note.pk)
        self.assertIn("records.note.body", str(failed.exception))
        self.assertIn("rotate_field_keys", str(failed.exception))

    def test_an_empty_value_stays_empty_so_blank_can_still_be_filtered(self):
        episode = MissingEpisode.objects.get()
        identification = Identification.objects.get()
        Identification.objects.filter(pk=identification.pk).update(summary="")
        self.assertEqual(raw(identification, "summary"), "")
        self.assertEqual(list(Identification.objects.filter(summary="")), [identification])
        self.assertEqual(list(MissingEpisode.objects.exclude(whereabouts="")), [episode])

    def test_the_database_cannot_search_or_compare_them(self):
        with self.assertRaises(FieldError):
            list(Note.objects.filter(body__icontains="Darnell"))
        with self.assertRaises(FieldError):
            list(
                MissingEpisode.objects.filter(
                    whereabouts="Possibly at a motel on Route 9, room 14."
                )
            )
        with self.assertRaises(FieldError):
            list(Note.objects.filter(body__startswith="Marisol"))
