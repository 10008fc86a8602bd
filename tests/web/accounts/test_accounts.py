"""Sign-in: lockout, two-factor (enrolment, verification, required by the site), history."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from conftest import PASSWORD
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpmonitor.web.accounts.lockout import unlock
from cpmonitor.web.accounts.models import SignInEvent, SiteSettings

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, username, password=PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


def test_sign_in_and_out(client, make_user):
    make_user("manager", "mo")
    r = _sign_in(client, "mo")
    assert r.status_code == 302 and r["Location"] == "/"
    assert client.get("/").url == "/dashboard/"
    r = client.post("/sign-out/")
    assert r.status_code == 302 and client.get("/dashboard/").status_code == 302


def test_wrong_password_is_told_plainly(client, make_user):
    make_user("manager", "mo")
    r = _sign_in(client, "mo", "wrong")
    assert r.status_code == 200 and b"Enter a correct user name and password" in r.content
    assert b"There is a problem" in r.content


def test_lockout_after_five_failures_and_unlock(client, make_user):
    make_user("manager", "mo")
    for _ in range(5):
        _sign_in(client, "mo", "wrong")
    r = _sign_in(client, "MO")  # right password, any case: still locked
    assert b"locked after too many failed sign-ins" in r.content
    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(username="mo", kind="locked").count() == 1
    unlock("mo")
    assert _sign_in(client, "mo").status_code == 302


def test_lockout_lifts_after_the_window(client, make_user):
    make_user("manager", "mo")
    for _ in range(5):
        _sign_in(client, "mo", "wrong")
    assert b"locked" in _sign_in(client, "mo").content
    later = timezone.now() + timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert _sign_in(client, "mo").status_code == 302


def test_a_success_resets_the_count(client, make_user):
    make_user("manager", "mo")
    for _ in range(4):
        _sign_in(client, "mo", "wrong")
    assert _sign_in(client, "mo").status_code == 302
    client.post("/sign-out/")
    for _ in range(4):
        _sign_in(client, "mo", "wrong")
    assert _sign_in(client, "mo").status_code == 302


def test_my_recent_sign_ins_shows_mine_only(client, make_user):
    make_user("manager", "mo")
    make_user("analyst", "ann")
    _sign_in(client, "ann", "wrong")
    _sign_in(client, "mo", "wrong")
    _sign_in(client, "mo")
    r = client.get("/account/sign-ins/")
    events = list(r.context["events"])
    assert {e.username for e in events} == {"mo"}
    assert [e.kind for e in events] == ["success", "failure"]
    assert b"Wrong user name or password" in r.content


def test_two_factor_enrolment_then_required_at_next_sign_in(client, make_user):
    make_user("manager", "mo")
    _sign_in(client, "mo")
    r = client.get("/account/two-factor/")
    assert r.status_code == 200 and b"data:image/svg+xml;base64," in r.content
    device = TOTPDevice.objects.get(user__username="mo", confirmed=False)
    r = client.post(
        "/account/two-factor/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert b"not right" in r.content
    # a failure throttles the device (1 s, doubling): try again a little later
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(seconds=5)
    ):
        r = client.post("/account/two-factor/", {"token": _code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.post("/sign-out/")

    r = _sign_in(client, "mo")
    r = client.get("/dashboard/")
    assert r.status_code == 302 and r["Location"].startswith("/sign-in/verify/")
    device.refresh_from_db()
    # the enrolment code cannot be replayed: use the next time step's code
    later, code = time.time() + 60, _code_at(device, 60)
    with mock.patch("time.time", return_value=later):
        r = client.post("/sign-in/verify/?next=/dashboard/", {"token": code})
    assert r.status_code == 302 and r["Location"] == "/dashboard/"
    assert client.get("/account/sign-ins/").status_code == 200


def _code_at(device, offset):
    from django_otp.oath import TOTP

    t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    t.time = time.time() + offset
    return f"{t.token():06d}"


def test_site_can_require_two_factor_for_everyone(client, make_user):
    settings_row = SiteSettings.current()
    settings_row.require_two_factor = True
    settings_row.save()
    make_user("analyst", "ann")
    _sign_in(client, "ann")
    for url in ("/dashboard/", "/uploads/", "/account/sign-ins/"):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"] == "/account/two-factor/", url
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user__username="ann")
    client.post("/account/two-factor/", {"token": _code(device)})
    assert client.get("/uploads/").status_code == 200


def test_a_wrong_code_is_refused(client, make_user):
    user = make_user("manager", "mo")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, "mo")
    wrong = "123456" if _code(device) != "123456" else "654321"
    r = client.post("/sign-in/verify/", {"token": wrong})
    assert r.status_code == 200 and b"not right" in r.content
    assert client.get("/dashboard/").status_code == 302


def test_administrator_resets_a_password_in_the_admin(client, make_user):
    admin = make_user("administrator", "ada")
    make_user("manager", "mo")
    client.force_login(admin)
    from django.contrib.auth.models import User

    mo = User.objects.get(username="mo")
    url = f"/admin/auth/user/{mo.pk}/password/"
    assert client.get(url).status_code == 200
    new = "a brand new passphrase 77"
    r = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert r.status_code == 302
    client.post("/sign-out/")
    assert _sign_in(client, "mo", new).status_code == 302


def test_passwords_are_stored_with_argon2(make_user):
    user = make_user("manager", "mo")
    assert user.password.startswith("argon2$argon2id$")


def test_administrators_cannot_see_anyones_authenticator_secret(client, make_user):
    user = make_user("manager", "mo")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(make_user("administrator", "ada"))
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    for view in ("config", "qrcode"):
        assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{view}/").status_code == 403
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page


def test_the_administrator_role_and_staff_status_go_together(make_user):
    from django.contrib.auth.models import Group

    user = make_user("manager", "mo")
    assert not user.is_staff
    user.groups.add(Group.objects.get(name="administrator"))
    user.refresh_from_db()
    assert user.is_staff
    user.groups.remove(Group.objects.get(name="administrator"))
    user.refresh_from_db()
    assert not user.is_staff
