from django.urls import path

from carecircle.clocks import views

app_name = "missing"

# Included under youth/<uuid:youth_id>/missing/.
urlpatterns = [
    path("new/", views.episode_new, name="new"),
    path("<uuid:episode_id>/", views.episode_detail, name="episode"),
    path("<uuid:episode_id>/whereabouts/", views.episode_whereabouts, name="whereabouts"),
]
