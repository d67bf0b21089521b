from django.urls import path, re_path

from carecircle.records import views

app_name = "records"

urlpatterns = [
    path("notes/new/", views.note_new, name="note_new"),
    path("notes/<uuid:item_id>/", views.note_detail, name="note"),
    path("notes/<uuid:item_id>/print/", views.note_print, name="note_print"),
    path("notes/<uuid:item_id>/export/", views.note_export, name="note_export"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<uuid:item_id>/", views.document_detail, name="document"),
    path("documents/<uuid:item_id>/file/", views.document_file, name="document_file"),
    path("documents/<uuid:item_id>/download/", views.document_download, name="document_download"),
    re_path(
        r"^(?P<kind>notes|documents)/(?P<item_id>[0-9a-f-]{36})/court-order/$",
        views.court_order,
        name="court_order",
    ),
]
