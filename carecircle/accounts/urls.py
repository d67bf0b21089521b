from django.urls import path

from carecircle.accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("notice/", views.use_notice, name="use_notice"),
    path("county/", views.county_settings, name="county_settings"),
    path("county/composition/", views.composition_policy, name="composition_policy"),
    path("county/people/", views.county_people, name="county_people"),
    path("county/sign-in/", views.county_sign_in, name="county_sign_in"),
    path("county/people/new/", views.new_person, name="county_person_new"),
    path("county/people/<int:user_id>/roles/", views.person_roles, name="county_person_roles"),
    path(
        "county/people/<int:user_id>/password/",
        views.person_password,
        name="county_person_password",
    ),
    path(
        "county/people/<int:user_id>/roles/<int:membership_id>/end/",
        views.end_person_role,
        name="county_person_role_end",
    ),
    path(
        "county/people/<int:user_id>/disable/", views.disable_person, name="county_person_disable"
    ),
    path("county/people/<int:user_id>/enable/", views.enable_person, name="county_person_enable"),
    path("county/people/<int:user_id>/unlock/", views.unlock_person, name="county_person_unlock"),
    path(
        "county/people/<int:user_id>/sign-out/",
        views.end_person_sessions,
        name="county_person_sign_out",
    ),
    path("state/", views.state_overview, name="state_overview"),
    path("alerts/", views.alerts, name="alerts"),
]
