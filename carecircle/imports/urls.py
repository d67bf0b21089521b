from django.urls import path

from carecircle.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.imports, name="list"),
    path("<uuid:job_id>/", views.detail, name="detail"),
    path("<uuid:job_id>/commit/", views.commit, name="commit"),
]
