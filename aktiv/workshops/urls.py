from django.urls import path

from . import participate, views

app_name = "workshops"
urlpatterns = [
    # Participants: open without signing in.
    path("", participate.join, name="join"),
    path("bli-med/", participate.join_submit, name="join_submit"),
    path("k/<str:code>/", participate.participate, name="participate"),
    path("k/<str:code>/status/", participate.status, name="status"),
    path("k/<str:code>/svar/<uuid:step>/", participate.answer, name="answer"),
    # Facilitators.
    path("mine/", views.mine, name="mine"),
    path("nytt/", views.create, name="create"),
    path("<uuid:uuid>/", views.control, name="control"),
    path("<uuid:uuid>/steg/", views.step_add, name="step_add"),
    path("<uuid:uuid>/steg/<uuid:step>/apne/", views.step_start, name="step_start"),
    path("<uuid:uuid>/avslutt/", views.close, name="close"),
    path("<uuid:uuid>/vis/", views.present, name="present"),
    path("<uuid:uuid>/pdf/", views.pdf, name="pdf"),
    # HR.
    path("kursholdere/", views.facilitators, name="facilitators"),
    path("kursholdere/ny/", views.facilitator_grant, name="facilitator_grant"),
    path("kursholdere/<uuid:uuid>/fjern/", views.facilitator_revoke, name="facilitator_revoke"),
]
