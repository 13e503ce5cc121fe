from django.urls import path

from . import views

app_name = "scim"
urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="service_provider_config"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:name>", views.resource_type, name="resource_type"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:schema_id>", views.schema, name="schema"),
    path(".search", views.users_search, name="search"),
    path("Users", views.users, name="users"),
    path("Users/.search", views.users_search, name="users_search"),
    path("Users/<str:user_id>", views.user, name="user"),
    path("<path:rest>", views.not_found, name="not_found"),
]
