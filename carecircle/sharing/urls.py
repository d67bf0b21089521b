from django.urls import path

from carecircle.sharing import views

app_name = "sharing"

urlpatterns = [
    path("youth/<uuid:youth_id>/team/", views.team, name="team"),
    path("youth/<uuid:youth_id>/team/<int:member_id>/end/", views.team_end, name="team_end"),
    path("youth/<uuid:youth_id>/sharing-window/", views.sharing_window, name="window"),
    path("youth/<uuid:youth_id>/consents/", views.consents, name="consents"),
    path("youth/<uuid:youth_id>/consents/new/", views.consent_new, name="consent_new"),
    path("youth/<uuid:youth_id>/consents/<uuid:consent_id>/", views.consent_detail, name="consent"),
    path(
        "youth/<uuid:youth_id>/consents/<uuid:consent_id>/form/",
        views.consent_form_file,
        name="consent_form",
    ),
    path(
        "youth/<uuid:youth_id>/consents/<uuid:consent_id>/revoke/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path("youth/<uuid:youth_id>/emergency-access/", views.break_glass, name="break_glass"),
    path("youth/<uuid:youth_id>/access-report/", views.access_report, name="access_report"),
    path("youth/<uuid:youth_id>/disclosures.csv", views.disclosures_csv, name="disclosures_csv"),
    path("emergency-access/reviews/", views.break_glass_reviews, name="break_glass_reviews"),
    path(
        "emergency-access/reviews/<int:grant_id>/",
        views.break_glass_review,
        name="break_glass_review",
    ),
]
