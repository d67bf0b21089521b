from django.db import migrations, models


def from_newest_entry(apps, schema_editor):
    """Chains already written count their newest entry as their last change."""
    head = apps.get_model("audit", "AuditChainHead")
    head.objects.update(changed_seq=models.F("seq"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_partition_by_month"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="changed_seq",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(from_newest_entry, migrations.RunPython.noop),
    ]
