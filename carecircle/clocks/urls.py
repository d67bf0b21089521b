from django.urls import path

from carecircle.clocks import views

app_name = "clocks"

urlpatterns = [
    path("", views.due, name="due"),
    path("protocol/", views.protocol, name="protocol"),
    path("preferences/", views.preferences, name="preferences"),
    path("<uuid:obligation_id>/", views.obligation_detail, name="obligation"),
]
