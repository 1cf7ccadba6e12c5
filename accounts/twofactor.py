"""Optional TOTP two-factor login for college administrators (django-otp).

An admin turns it on from the 2FA page: scan the QR code, confirm one code. From then on, after the
password the session must pass ``/accounts/2fa/verify/`` before any other page opens, and the API
answers it 403 (``RequireOTPMiddleware``). ``POST /api/v1/auth/token/`` issues a token to such a user
only with a valid code (``otp_token``), so a token is never worth less than a full login.
"""
from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.views import safe_next

from .policy import access_for


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"), max_length=8, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The code your authenticator app shows now."),
    )


def verify_code(user, code: str) -> TOTPDevice | None:
    """The confirmed device of ``user`` that accepts ``code``, or None.

    The devices are locked while checking, so two requests cannot both spend one code, and each
    device's own throttle (django-otp slows retries after a failure) applies to every caller.
    """
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def _qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title=str(_("Authenticator QR code")))


class TwoFactorSetupView(LoginRequiredMixin, View):
    template_name = "accounts/twofactor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        acc = access_for(request.user)
        # Administrators (of the college or of a department) reach many people's records: they may add a second factor.
        if request.user.is_authenticated and not (acc.is_college_admin or acc.is_department_admin):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _pending(self, request) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)

    def get(self, request):
        enabled = user_has_device(request.user, confirmed=True)
        ctx = {"enabled": enabled, "form": TokenForm()}
        if not enabled:
            device = self._pending(request)
            ctx.update(qr=_qr_svg(device), secret=device.config_url.split("secret=")[1].split("&")[0])
        return render(request, self.template_name, ctx)

    def post(self, request):
        if request.POST.get("action") == "disable":
            TOTPDevice.objects.filter(user=request.user).delete()
            messages.success(request, _("Two-factor login is turned off."))
            return redirect("accounts:twofactor_setup")
        device = self._pending(request)
        form = TokenForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on. You will be asked for a code after your password."))
            return redirect("accounts:twofactor_setup")
        if form.is_valid():
            form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
        return render(request, self.template_name, {
            "enabled": False, "form": form, "qr": _qr_svg(device),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
        })


class TwoFactorVerifyView(LoginRequiredMixin, View):
    template_name = "accounts/twofactor_verify.html"

    def get(self, request):
        return render(request, self.template_name, {"form": TokenForm(), "next": safe_next(request, "")})

    def post(self, request):
        form = TokenForm(request.POST)
        nxt = safe_next(request, reverse("dashboard"))
        if form.is_valid():
            device = verify_code(request.user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                return redirect(nxt)
            form.add_error("token", _("This code is not valid."))
        return render(request, self.template_name, {"form": form, "next": nxt}, status=400)
