from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from carecircle.api import records, views

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
    path("youth/<uuid:youth_id>/", views.YouthDetail.as_view(), name="youth"),
    path("youth/<uuid:youth_id>/screenings/", records.Screenings.as_view(), name="screenings"),
    path(
        "youth/<uuid:youth_id>/missing-episodes/",
        records.Episodes.as_view(),
        name="missing_episodes",
    ),
    path("youth/<uuid:youth_id>/referrals/", records.Referrals.as_view(), name="referrals"),
    path("youth/<uuid:youth_id>/meetings/", records.Meetings.as_view(), name="meetings"),
    path("youth/<uuid:youth_id>/consents/", records.Consents.as_view(), name="consents"),
    path("tasks/", records.Tasks.as_view(), name="tasks"),
    path(
        "youth/<uuid:youth_id>/identifications/",
        views.YouthIdentifications.as_view(),
        name="identifications",
    ),
]
