from django.urls import path

from carecircle.screening import views

app_name = "screening"

# Included under youth/<uuid:youth_id>/screenings/.
urlpatterns = [
    path("new/", views.screening_new, name="new"),
    path("<uuid:screening_id>/", views.screening_detail, name="detail"),
]
