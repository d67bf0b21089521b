from django.urls import path

from carecircle.meetings import views

app_name = "meetings"

# Included under youth/<uuid:youth_id>/meetings/.
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<uuid:meeting_id>/", views.meeting_detail, name="detail"),
    path("<uuid:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<uuid:meeting_id>/invite.ics", views.meeting_ics, name="ics"),
    path("<uuid:meeting_id>/summary.pdf", views.meeting_pdf, name="pdf"),
    path("<uuid:meeting_id>/agenda/", views.meeting_agenda, name="agenda"),
]
