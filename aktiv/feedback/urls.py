from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("oppover/", views.upward, name="upward"),
    path("oppover/apne/", views.upward_open, name="upward_open"),
    path("oppover/hr/", views.hr, name="hr"),
    path("oppover/hr/apne/", views.hr_open, name="hr_open"),
    path("oppover/<uuid:uuid>/", views.round_detail, name="round"),
    path("oppover/<uuid:uuid>/lukk/", views.round_close, name="round_close"),
    path("oppover/<uuid:uuid>/svar/", views.answer, name="answer"),
    path("oppover/<uuid:uuid>/lever/", views.answer_submit, name="answer_submit"),
    path("180/be-om/<uuid:response_uuid>/", views.view_request_create, name="view_request"),
    path("180/<uuid:uuid>/", views.view_detail, name="view"),
    path("180/<uuid:uuid>/svar/", views.view_answer, name="view_answer"),
    path("180/<uuid:uuid>/trekk/", views.view_withdraw, name="view_withdraw"),
    path("180/<uuid:uuid>/agenda/", views.view_agenda, name="view_agenda"),
]
