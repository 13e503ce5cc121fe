from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("hr/integrasjoner/", views.token_list, name="tokens"),
    path("hr/integrasjoner/<uuid:uuid>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
    path("hr/invitasjon/<uuid:uuid>/send/", views.invitation_send, name="invitation_send"),
    path("invitasjon/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
]
