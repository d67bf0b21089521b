from django.urls import path

from carecircle.youth import views

app_name = "youth"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("export.csv", views.caseload_export, name="caseload_export"),
    path("intake/", views.intake, name="intake"),
    path("new/", views.youth_create, name="create"),
    path("<uuid:youth_id>/", views.youth_detail, name="detail"),
    path("<uuid:youth_id>/edit/", views.youth_edit, name="edit"),
    path("<uuid:youth_id>/names/", views.other_names, name="other_names"),
    path("<uuid:youth_id>/contacts/", views.contacts, name="contacts"),
    path("<uuid:youth_id>/placements/new/", views.placement_new, name="placement_new"),
    path(
        "<uuid:youth_id>/placements/<uuid:placement_id>/address/",
        views.placement_address,
        name="placement_address",
    ),
    path("<uuid:youth_id>/merge/", views.merge, name="merge"),
    path("<uuid:youth_id>/timeline/", views.youth_timeline, name="timeline"),
    path(
        "<uuid:youth_id>/identifications/new/",
        views.identification_new,
        name="identification_new",
    ),
    path(
        "<uuid:youth_id>/status/<uuid:status_id>/change/",
        views.status_change,
        name="status_change",
    ),
]
