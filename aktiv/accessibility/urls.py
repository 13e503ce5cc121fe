from django.urls import path

from . import views

app_name = "accessibility"
urlpatterns = [
    path("", views.statement_page, name="statement"),
    path("tilbakemelding/", views.feedback, name="feedback"),
    path("tilbakemeldinger/", views.feedback_list, name="feedback_list"),
    path("tilbakemeldinger/<uuid:uuid>/svar/", views.feedback_reply, name="feedback_reply"),
]
