"""Every page of Care Circle, and the benchmark's own (``CARECIRCLE_BENCHMARK=1``)."""

from django.urls import path

from carecircle.benchmark import views
from carecircle.urls import urlpatterns as care_circle

urlpatterns = [
    path("benchmark/floor/", views.floor, name="benchmark_floor"),
    path("benchmark/floor/page/", views.floor_as_a_page, name="benchmark_floor_as_a_page"),
    path(
        "benchmark/youth/<uuid:youth_id>/unaudited/",
        views.youth_detail_unaudited,
        name="benchmark_youth_unaudited",
    ),
    *care_circle,
]
