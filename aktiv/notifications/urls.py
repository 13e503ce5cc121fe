from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:uuid>/apne/", views.open_notification, name="open"),
    path("les-alle/", views.read_all, name="read_all"),
    path("e-post/", views.email_settings, name="email_settings"),
]
