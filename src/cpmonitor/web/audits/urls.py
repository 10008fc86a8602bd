"""Case-audit URLs. Every name here is in :data:`cpmonitor.web.permissions.URL_ACCESS`."""

from django.urls import path

from . import views

app_name = "audits"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/plan/", views.edit, name="edit"),
    path("<int:pk>/cohort/", views.pick, name="cohort"),
    path("<int:pk>/key-learning/", views.learning, name="learning"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/summary.json", views.export, name="export"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/findings/", views.record, name="record"),
    path("cases/<int:pk>/children/", views.add_child, name="add_child"),
    path("cases/<int:pk>/remove/", views.remove_case, name="remove_case"),
    path("children/<int:pk>/remove/", views.remove_child, name="remove_child"),
]
