"""Reading settings from environment variables, with clear messages for bad values."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false, yes/no, 1/0 (got {raw!r}).")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(name: str, *, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)} (got {value!r}).")
    return value


def require_env(*names: str, because: str, hints: dict[str, str] | None = None) -> None:
    """Refuse to start, naming every variable still to set, rather than invent a value."""
    missing = [name for name in names if not os.environ.get(name, "").strip()]
    if missing:
        hints = hints or {}
        lines = [f"{because}, so these must be set in the environment:"]
        lines += [f"  {name} - {hints[name]}" if name in hints else f"  {name}" for name in missing]
        raise ImproperlyConfigured("\n".join(lines))
