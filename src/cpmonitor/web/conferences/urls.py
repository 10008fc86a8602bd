from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("new/check/", views.check, name="check"),
    path("queue/", views.queue, name="queue"),
    path("oversight/", views.oversight, name="oversight"),
    path("oversight/export/", views.oversight_export, name="oversight_export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/information/", views.information, name="information"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
