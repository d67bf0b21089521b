"""The youth pages: the caseload, intake and merging, and the profile with its parts."""

from carecircle.youth.views.caseload import caseload, caseload_export
from carecircle.youth.views.intake import intake, merge, youth_create
from carecircle.youth.views.profile import (
    contacts,
    identification_new,
    other_names,
    placement_address,
    placement_new,
    status_change,
    youth_detail,
    youth_edit,
    youth_timeline,
)

__all__ = [
    "caseload",
    "caseload_export",
    "contacts",
    "identification_new",
    "intake",
    "merge",
    "other_names",
    "placement_address",
    "placement_new",
    "status_change",
    "youth_create",
    "youth_detail",
    "youth_edit",
    "youth_timeline",
]
