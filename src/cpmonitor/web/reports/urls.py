from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<uuid:job>/", views.status, name="status"),
    path("<uuid:job>/progress/", views.progress, name="progress"),
    path("<uuid:job>/download/", views.download, name="download"),
    path("<uuid:job>/retry/", views.retry, name="retry"),
]
