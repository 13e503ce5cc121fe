from django.urls import path

from . import views

app_name = "competence"
urlpatterns = [
    path("", views.my_profile, name="mine"),
    path("deling/", views.profile_sharing, name="sharing"),
    path("profil/<uuid:uuid>/", views.profile_detail, name="profile"),
    path("omrade/<uuid:uuid>/", views.area_edit, name="area_edit"),
    path("omrade/<uuid:uuid>/fjern/", views.area_remove, name="area_remove"),
]
