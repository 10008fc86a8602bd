"""Account pages: sign in and out, two-factor, own sign-in history, password, access log."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import SignInForm, TokenForm
from .lockout import key
from .models import AccessLog, SignInEvent, SiteSettings


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:sign_in")


class PasswordView(auth_views.PasswordChangeView):
    template_name = "accounts/password.html"
    success_url = reverse_lazy("accounts:password_done")


class PasswordDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_done.html"


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse_lazy("home")


@require_http_methods(["GET", "POST"])
def verify(request):
    """Second step of sign-in: a code from the user's confirmed authenticator."""
    if request.user.is_verified():
        return redirect(_safe_next(request))
    devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request))
        form.add_error("token", "The security code is not right, or has expired")
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Set up an authenticator app (TOTP): scan the QR code, confirm with a code."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "accounts/two_factor_done.html", {"device": confirmed})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up")
            return redirect("home")
        form.add_error("token", "The security code is not right, or has expired")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": SiteSettings.current().require_two_factor,
    }
    return render(request, "accounts/two_factor.html", context)


@require_http_methods(["GET"])
def sign_ins(request):
    """The signed-in user's own recent sign-ins and failed attempts on their user name."""
    user = request.user
    events = SignInEvent.objects.filter(Q(user=user) | Q(username=key(user.get_username())))[:30]
    return render(request, "accounts/sign_ins.html", {"events": events})


@require_http_methods(["GET"])
def access_log(request):
    """Administrators: who viewed which child's timeline or exported which cohort, when."""
    page = Paginator(AccessLog.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page})
