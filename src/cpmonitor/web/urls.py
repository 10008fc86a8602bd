"""URL map. Every name here is in :data:`cpmonitor.web.permissions.URL_ACCESS`."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("", include("cpmonitor.web.accounts.urls")),
    path("", include("cpmonitor.web.dashboard.urls")),
    path("uploads/", include("cpmonitor.web.uploads.urls")),
    path("conferences/", include("cpmonitor.web.conferences.urls")),
    path("audits/", include("cpmonitor.web.audits.urls")),
    path("reports/", include("cpmonitor.web.reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cpmonitor.web.views.bad_request"
handler403 = "cpmonitor.web.views.forbidden"
handler404 = "cpmonitor.web.views.not_found"
handler500 = "cpmonitor.web.views.server_error"
