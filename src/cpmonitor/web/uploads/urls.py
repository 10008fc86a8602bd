from django.urls import path

from . import views

app_name = "uploads"
urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:job>/", views.status, name="status"),
    path("<uuid:job>/progress/", views.progress, name="progress"),
    path("<uuid:job>/import/", views.confirm, name="confirm"),
    path("<uuid:job>/retry/", views.retry, name="retry"),
]
