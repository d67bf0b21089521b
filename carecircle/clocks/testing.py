"""For tests: run the queued background tasks the way the database worker does — claim,
call, record the outcome — in the test's own connection (the worker command closes
connections, which a test transaction cannot survive)."""

from django.db import transaction


def run_queued_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    ran = 0
    while True:
        # Claimed under a row lock, as the worker does; on PostgreSQL that needs a
        # transaction even where the test itself runs without one (browser tests).
        with transaction.atomic():
            row = DBTaskResult.objects.ready().order_by("enqueued_at").get_locked()
            if row is None:
                return ran
            row.claim("test")
        try:
            value = row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        except Exception as error:
            row.set_failed(error)
        else:
            row.set_successful(value)
        ran += 1
