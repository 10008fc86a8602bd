from django.urls import path

from . import reports, views, visits, what_changed

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", views.dashboard, name="index"),
    path("repeat-plans/", views.cohort, name="cohort"),
    path("repeat-plans/export/", views.cohort_export, name="cohort_export"),
    path("children/", views.find_child, name="find_child"),
    path("children/<str:ref>/", views.child_timeline, name="timeline"),
    path("data-quality/", views.data_quality, name="data_quality"),
    path("reports/", reports.reports, name="reports"),
    path("what-changed/", what_changed.what_changed, name="what_changed"),
    path("what-changed/early-warning/", what_changed.early_warning, name="early_warning"),
    path(
        "what-changed/early-warning/export/",
        what_changed.early_warning_export,
        name="early_warning_export",
    ),
    path("visits/overdue/", visits.overdue_visits, name="overdue_visits"),
]
