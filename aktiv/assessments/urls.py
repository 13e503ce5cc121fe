from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.instrument_detail, name="instrument"),
    path("<slug:key>/start/", views.response_start, name="start"),
    path("svar/<uuid:uuid>/", views.response_detail, name="response"),
    path("svar/<uuid:uuid>/svar/", views.response_answer, name="answer"),
    path("svar/<uuid:uuid>/prosess/", views.response_focus, name="focus"),
    path("svar/<uuid:uuid>/deling/", views.response_sharing, name="sharing"),
    path("svar/<uuid:uuid>/forkast/", views.response_discard, name="discard"),
]
