"""Every change to an obligation, a missing episode or a clock setting goes through
these functions: obligations (opening, satisfying), missing episodes, and settings."""

from carecircle.clocks.actions.episodes import (
    MISSING_KINDS,
    RETURN_KINDS,
    close_episode,
    link_rescreen,
    record_debrief,
    record_episode_report,
    record_missing_episode,
    record_return,
)
from carecircle.clocks.actions.obligations import (
    TRIGGER_KINDS,
    case_manager_role,
    identification_starts_clocks,
    open_identification_obligations,
    open_obligation,
    satisfy_obligation,
)
from carecircle.clocks.actions.settings import set_clock_protocol, set_notification_preference

__all__ = [
    "MISSING_KINDS",
    "RETURN_KINDS",
    "TRIGGER_KINDS",
    "case_manager_role",
    "close_episode",
    "identification_starts_clocks",
    "link_rescreen",
    "open_identification_obligations",
    "open_obligation",
    "record_debrief",
    "record_episode_report",
    "record_missing_episode",
    "record_return",
    "satisfy_obligation",
    "set_clock_protocol",
    "set_notification_preference",
]
