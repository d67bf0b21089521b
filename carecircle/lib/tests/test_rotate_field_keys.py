"""``manage.py rotate_field_keys``: a new first key, every value re-encrypted under it,
and the old key can go."""

import json
from io import StringIO

from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from carecircle.audit.models import AuditEvent
from carecircle.lib import crypto
from carecircle.lib.tests.base import EncryptedRecordsTestCase, keys, raw, write_raw
from carecircle.records.models import Note

NEW_KEY = Fernet.generate_key().decode()
OLD_KEY = crypto.DEVELOPMENT_FIELD_KEY


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


class RotateFieldKeysTest(EncryptedRecordsTestCase):
    def rewritable(self) -> int:
        """The written fields, and each person's second-step secret (one an authenticator)."""
        return len(self.written) + Authenticator.objects.count()

    def stored(self) -> list[str]:
        return [raw(obj, field) for obj, field, _ in self.written]

    def assert_reads_back(self) -> None:
        for obj, field, plain in self.written:
            self.assertEqual(getattr(type(obj).objects.only(field).get(pk=obj.pk), field), plain)

    def test_it_re_encrypts_everything_under_the_new_key_so_the_old_one_can_go(self):
        before = self.stored()
        with keys(NEW_KEY, OLD_KEY):
            output = rotate("--batch-size", "1")
        self.assertIn(f"{self.rewritable()} values rewritten", output)
        self.assertIn("records.note.body: 1 re-encrypted", output)
        for (obj, field, plain), old in zip(self.written, before, strict=True):
            with self.subTest(f"{obj._meta.label_lower}.{field}"):
                now = raw(obj, field)
                self.assertNotEqual(now, old)
                self.assertTrue(now.startswith(crypto.PREFIX))
                token = now[len(crypto.PREFIX) :].encode()
                self.assertEqual(Fernet(NEW_KEY).decrypt(token).decode(), plain)
        with keys(NEW_KEY):
            self.assert_reads_back()
        with keys(OLD_KEY), self.assertRaises(crypto.FieldDecryptionError):
            Note.objects.get()

    def test_a_second_run_changes_nothing(self):
        with keys(NEW_KEY, OLD_KEY):
            rotate()
            after_first = self.stored()
            output = rotate()
        self.assertEqual(self.stored(), after_first)
        self.assertIn("0 values rewritten", output)
        self.assertIn("records.note.body: 0 re-encrypted, 0 plain encrypted, 1 already", output)

    def test_a_dry_run_counts_and_changes_nothing(self):
        before = self.stored()
        events = AuditEvent.objects.count()
        with keys(NEW_KEY, OLD_KEY):
            output = rotate("--dry-run")
        self.assertEqual(self.stored(), before)
        self.assertIn(f"Dry run: {self.rewritable()} values would be rewritten", output)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_encrypts_a_plain_value_it_finds(self):
        note = Note.objects.get()
        write_raw(note, "body", "Typed straight into the database.")
        output = rotate()
        self.assertIn("records.note.body: 0 re-encrypted, 1 plain encrypted", output)
        self.assertTrue(raw(note, "body").startswith(crypto.PREFIX))
        self.assertEqual(Note.objects.get().body, "Typed straight into the database.")

    def test_it_is_recorded_in_the_audit_log_as_a_system_event_without_keys_or_text(self):
        with keys(NEW_KEY, OLD_KEY):
            rotate()
        event = AuditEvent.objects.get(action="field_keys.rotate")
        self.assertEqual((event.actor_id, event.actor_username), (None, "rotate_field_keys"))
        self.assertEqual(event.outcome, "success")
        self.assertEqual(event.detail["key"], crypto.key_fingerprint(NEW_KEY))
        self.assertEqual(event.detail["fields"]["records.note.body"]["rotated"], 1)
        text = json.dumps(event.detail)
        self.assertNotIn(NEW_KEY, text)
        self.assertNotIn(OLD_KEY, text)
        self.assertNotIn("Darnell", text)

    def test_a_value_no_key_opens_stops_it_loudly_and_the_failure_is_audited(self):
        note = Note.objects.get()
        stranger = Fernet(Fernet.generate_key()).encrypt(b"from elsewhere").decode()
        write_raw(note, "body", crypto.PREFIX + stranger)
        with keys(NEW_KEY, OLD_KEY), self.assertRaises(CommandError) as failed:
            rotate()
        self.assertIn("records.note.body", str(failed.exception))
        self.assertIn("cannot be decrypted", str(failed.exception))
        self.assertEqual(raw(note, "body"), crypto.PREFIX + stranger)
        self.assertEqual(AuditEvent.objects.get(action="field_keys.rotate").outcome, "failure")
