from django.urls import path

from carecircle.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("program/", views.program_report, name="program"),
    path("exports/", views.export_new, name="export_new"),
    path("exports/<uuid:export_id>/", views.export_detail, name="export"),
    path("exports/<uuid:export_id>/download/", views.export_download, name="export_download"),
    path("statewide/", views.statewide, name="statewide"),
]
