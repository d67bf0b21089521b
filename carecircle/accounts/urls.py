from django.urls import path

from carecircle.accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("notice/", views.use_notice, name="use_notice"),
    path("county/", views.county_settings, name="county_settings"),
    path("county/composition/", views.composition_policy, name="composition_policy"),
    path("state/", views.state_overview, name="state_overview"),
    path("alerts/", views.alerts, name="alerts"),
]
