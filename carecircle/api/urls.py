from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from carecircle.api import care, exports, imports, records, team, views

app_name = "api"

# The schema and its documentation page are public: they describe the API, not data.
schema = {"permission_classes": [AllowAny], "authentication_classes": []}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**schema), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", **schema),
        name="docs",
    ),
    path("youth/", views.YouthList.as_view(), name="youth_list"),
    path("youth/search/", views.YouthSearch.as_view(), name="youth_search"),
    path("youth/export/", exports.YouthExport.as_view(), name="youth_export"),
    path("tasks/export/", exports.TaskExport.as_view(), name="tasks_export"),
    path("youth/<uuid:youth_id>/", views.YouthDetail.as_view(), name="youth"),
    path("youth/<uuid:youth_id>/screenings/", care.Screenings.as_view(), name="screenings"),
    path(
        "youth/<uuid:youth_id>/missing-episodes/",
        care.Episodes.as_view(),
        name="missing_episodes",
    ),
    path("youth/<uuid:youth_id>/referrals/", team.Referrals.as_view(), name="referrals"),
    path("youth/<uuid:youth_id>/meetings/", team.Meetings.as_view(), name="meetings"),
    path("youth/<uuid:youth_id>/consents/", team.Consents.as_view(), name="consents"),
    path("tasks/", records.Tasks.as_view(), name="tasks"),
    path("tasks/<uuid:obligation_id>/done/", care.TaskDone.as_view(), name="task_done"),
    path("instruments/", care.Instruments.as_view(), name="instruments"),
    path("imports/", imports.Imports.as_view(), name="imports"),
    path("imports/<uuid:job_id>/", imports.ImportDetail.as_view(), name="import"),
    path("imports/<uuid:job_id>/commit/", imports.ImportCommit.as_view(), name="import_commit"),
    path("providers/", team.Providers.as_view(), name="providers"),
    path(
        "youth/<uuid:youth_id>/missing-episodes/<uuid:episode_id>/reports/",
        care.EpisodeReport.as_view(),
        name="episode_report",
    ),
    path(
        "youth/<uuid:youth_id>/missing-episodes/<uuid:episode_id>/return/",
        care.EpisodeReturn.as_view(),
        name="episode_return",
    ),
    path(
        "youth/<uuid:youth_id>/missing-episodes/<uuid:episode_id>/debrief/",
        care.EpisodeDebrief.as_view(),
        name="episode_debrief",
    ),
    path(
        "youth/<uuid:youth_id>/missing-episodes/<uuid:episode_id>/close/",
        care.EpisodeClose.as_view(),
        name="episode_close",
    ),
    path(
        "youth/<uuid:youth_id>/meetings/<uuid:meeting_id>/action-items/",
        team.ActionItems.as_view(),
        name="action_items",
    ),
    path(
        "youth/<uuid:youth_id>/meetings/<uuid:meeting_id>/action-items/<uuid:item_id>/done/",
        team.ActionItemDone.as_view(),
        name="action_item_done",
    ),
    path(
        "youth/<uuid:youth_id>/referrals/<uuid:referral_id>/steps/",
        team.ReferralStep.as_view(),
        name="referral_step",
    ),
    path(
        "youth/<uuid:youth_id>/consents/<uuid:consent_id>/revoke/",
        team.ConsentRevoke.as_view(),
        name="consent_revoke",
    ),
    path(
        "youth/<uuid:youth_id>/identifications/",
        views.YouthIdentifications.as_view(),
        name="identifications",
    ),
]
