from django.urls import path

from . import views

app_name = "pulse"
urlpatterns = [
    path("", views.index, name="index"),
    path("runde/<uuid:uuid>/", views.round_answer, name="round"),
    path("runde/<uuid:uuid>/svar/", views.round_submit, name="submit"),
    path("team/", views.team, name="team"),
    path("hr/", views.hr, name="hr"),
    path("hr/ny-runde/", views.round_create, name="round_create"),
    path("hr/eksport/", views.export, name="export"),
    path("hr/helsenaervaer/", views.health, name="health"),
    path("hr/helsenaervaer/eksport/", views.health_export, name="health_export"),
    path("hr/sykefravaer/import/", views.sick_leave_import, name="sick_leave_import"),
]
