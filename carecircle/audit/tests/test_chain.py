from io import StringIO

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from carecircle.audit.actions import LOOKS, record_event
from carecircle.audit.models import AuditEvent
from carecircle.audit.testing import tampering
from carecircle.test import BaseTestCase


def verify(*args: str) -> tuple[bool, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


class AuditChainTest(BaseTestCase):
    def setUp(self) -> None:
        for number in range(5):
            record_event(actor=self.coordinator_a, action="test.entry", detail={"number": number})
        self.chain = self.county_a.pk
        self.entries = list(AuditEvent.objects.filter(chain=self.chain).order_by("seq"))

    def test_it_passes_an_intact_log(self):
        ok, message = verify()
        self.assertTrue(ok, message)
        self.assertIn("intact", message)

    def test_it_links_each_entry_to_the_one_before(self):
        for before, after in zip(self.entries, self.entries[1:], strict=False):
            self.assertEqual(after.prev_hash, before.entry_hash)
            self.assertEqual(after.seq, before.seq + 1)

    def test_it_finds_one_changed_field(self):
        target = self.entries[-3]
        with tampering():
            AuditEvent.objects.filter(pk=target.pk).update(actor_username="someone.else")
        ok, message = verify()
        self.assertFalse(ok)
        self.assertIn(f"entry {target.pk} ", message)
        self.assertIn("changed", message)

    def test_it_finds_a_deleted_entry(self):
        target = self.entries[-3]
        with tampering():
            AuditEvent.objects.filter(pk=target.pk).delete()
        ok, message = verify()
        self.assertFalse(ok)
        self.assertIn(f"position {target.seq + 1}", message)
        self.assertIn("missing", message)

    def test_it_finds_an_inserted_entry(self):
        after = self.entries[-3]
        with tampering():
            # Make room after the entry, as an attacker renumbering the rest would.
            for entry in reversed(self.entries[-2:]):
                AuditEvent.objects.filter(pk=entry.pk).update(seq=entry.seq + 1)
            forged = AuditEvent.objects.create(
                chain=self.chain,
                seq=after.seq + 1,
                prev_hash=after.entry_hash,
                entry_hash="f" * 64,
                occurred_at=after.occurred_at,
                action="youth.view",
                actor_username="cover.story",
            )
        ok, message = verify()
        self.assertFalse(ok)
        self.assertIn(f"entry {forged.pk} ", message)

    def test_it_finds_two_swapped_entries(self):
        first, second = self.entries[1], self.entries[2]
        with tampering():
            AuditEvent.objects.filter(pk=first.pk).update(seq=999)
            AuditEvent.objects.filter(pk=second.pk).update(seq=first.seq)
            AuditEvent.objects.filter(pk=first.pk).update(seq=second.seq)
        ok, message = verify()
        self.assertFalse(ok)
        self.assertIn(f"entry {second.pk} ", message)
        self.assertIn("reordered", message)

    def test_it_finds_the_newest_entries_removed_with_a_saved_head(self):
        out = StringIO()
        call_command("audit_head", stdout=out)
        head = out.getvalue().strip()
        self.assertIn(f"{self.chain}:{self.entries[-1].seq}:", head)
        with tampering(), connection.cursor() as cursor:
            AuditEvent.objects.filter(pk__in=[e.pk for e in self.entries[-2:]]).delete()
            # A careful attacker also winds the head back.
            cursor.execute(
                "UPDATE audit_auditchainhead SET seq = %s, entry_hash = %s WHERE chain = %s",
                [self.entries[-3].seq, self.entries[-3].entry_hash, self.chain],
            )
        ok, _ = verify()
        self.assertTrue(ok, "Without the head, a shortened chain still looks whole.")
        ok, message = verify("--head", head)
        self.assertFalse(ok)
        self.assertIn("newest entries were removed", message)

    def test_it_finds_the_newest_entries_removed_when_the_head_was_left(self):
        with tampering():
            AuditEvent.objects.filter(pk=self.entries[-1].pk).delete()
        ok, message = verify()
        self.assertFalse(ok)
        self.assertIn("newest entries were removed", message)

    def test_it_rejects_a_malformed_head(self):
        with self.assertRaises(CommandError):
            call_command("audit_verify", "--head", "not-a-head", stderr=StringIO())


class AppendOnlyTest(BaseTestCase):
    """The database refuses changes through the app's own connection (both engines)."""

    def test_it_refuses_update(self):
        entry = record_event(actor=self.coordinator_a, action="test.entry")
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=entry.pk).update(action="test.changed")
        self.assertEqual(AuditEvent.objects.get(pk=entry.pk).action, "test.entry")

    def test_it_refuses_delete(self):
        entry = record_event(actor=self.coordinator_a, action="test.entry")
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=entry.pk).delete()
        self.assertTrue(AuditEvent.objects.filter(pk=entry.pk).exists())

    def test_it_refuses_deleting_which_youth_a_list_showed(self):
        from carecircle.audit.models import AuditEventYouth

        record_event(actor=self.coordinator_a, action="youth.list", youth_ids=[self.youth_cw_a.pk])
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEventYouth.objects.all().delete()
        self.assertEqual(AuditEventYouth.objects.count(), 1)


def test_it_counts_what_changes_tasks_teams_access_and_sealing_as_changes():
    """Kept report figures and kept header counts rely on these moving the county's last
    change; none of them may ever be listed as a look."""
    changes = {
        "obligation.open",
        "obligation.satisfy",
        "membership.create",
        "membership.end",
        "membership.restore",
        "user.disable",
        "team.add",
        "team.end",
        "team.lead",
        "consent.record",
        "consent.revoke",
        "break_glass.open",
        "sharing_window.open",
        "youth.seal",
        "youth.unseal",
        "youth.merge",
    }
    assert not changes & LOOKS
