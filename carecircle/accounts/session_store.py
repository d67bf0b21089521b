"""Database sessions that know whose they are (``SESSION_ENGINE``).

Each save writes the signed-in person's id beside the session data, so "end every
session of this person" is one indexed delete, with no decoding of other people's
sessions, and a key changed at sign-in or at a password change is followed without
any bookkeeping of our own. Anonymous sessions (the accepted use notice) have no
person.
"""

from typing import Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from carecircle.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session


def _user_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None
