from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("sign-in/verify/", views.verify, name="verify"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/sign-ins/", views.sign_ins, name="sign_ins"),
    path("account/password/", views.PasswordView.as_view(), name="password"),
    path("account/password/done/", views.PasswordDoneView.as_view(), name="password_done"),
    path("access-log/", views.access_log, name="access_log"),
]
