from django.urls import path

from carecircle.referrals import views

app_name = "referrals"

# Included under youth/<uuid:youth_id>/.
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral"),
]
