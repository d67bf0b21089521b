from django.urls import path

from carecircle.justice import views

app_name = "justice"

# Included under youth/<uuid:youth_id>/justice/.
urlpatterns = [
    path("", views.overview, name="overview"),
    path("new/<slug:kind>/", views.record, name="record"),
    path("diversions/<uuid:diversion_id>/", views.diversion_move, name="diversion_move"),
]
