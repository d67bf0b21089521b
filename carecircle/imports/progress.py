"""How far an import has got, kept in a small file beside the uploads.

An import commits in one database transaction, so progress written to the database
would stay invisible until the end; a file is seen at once by the page that asks."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings


def _path(job_id) -> Path:
    folder = Path(settings.PRIVATE_FILES_ROOT) / "progress"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.json"


def write(job_id, done: int, total: int, step: str) -> None:
    path = _path(job_id)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total, "step": step}))
    os.replace(temporary, path)  # atomic: a reader never sees half a file


def read(job_id) -> dict:
    try:
        return json.loads(_path(job_id).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {"done": 0, "total": 0, "step": ""}


def percent(job_id) -> int:
    state = read(job_id)
    return round(100 * state["done"] / state["total"]) if state["total"] else 0
