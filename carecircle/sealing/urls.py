from django.urls import path

from carecircle.sealing import views

app_name = "sealing"

urlpatterns = [
    path("", views.register, name="register"),
    path("<uuid:youth_id>/seal/", views.seal, name="seal"),
    path("<uuid:youth_id>/hold/", views.hold, name="hold"),
    path("<uuid:youth_id>/hold/release/", views.release_hold, name="release_hold"),
    path("<uuid:youth_id>/lift/", views.lift, name="lift"),
]
