"""Password rules beyond Django's own (SECURITY.md, "Sign-in and sessions")."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """Refuse passwords longer than ``max_length`` characters.

    Argon2 takes a password of any length; the bound only keeps a pasted page of text
    out of the hasher, and sits well above the 64 characters SECURITY.md asks for.
    """

    def __init__(self, max_length: int = 128) -> None:
        if max_length < 64:
            raise ValueError("SECURITY.md allows passwords of at least 64 characters.")
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. Use at most %(max_length)d character.",
                    "This password is too long. Use at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can be up to %(max_length)d character long.",
            "Your password can be up to %(max_length)d characters long.",
            self.max_length,
        ) % {"max_length": self.max_length}
