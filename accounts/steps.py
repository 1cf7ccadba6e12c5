"""The steps people take on accounts, roles and invitations, declared once (core/steps.py)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.steps import Step, Steps

from . import services
from .models import Invitation, InvitationStatus, Membership, User
from .policies import InvitationPolicy, MembershipPolicy, UserPolicy


class RevokeTokensInput(serializers.Serializer):
    token = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1,
                                     help_text=_("The id of one token to revoke; without it, every token of the user."))


class EndInput(serializers.Serializer):
    until = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text=_("The last day the role is held; without it, the role ends now."))


USER_STEPS = Steps(User, "user", UserPolicy, [
    Step("send_password_reset", services.user_send_password_reset, _("Send a password link"),
         _("A one-time link to choose a password was e-mailed to the user."), sources=(True,), style="secondary"),
    Step("unlock", services.user_unlock, _("Unlock login"),
         _("The failed logins were cleared: the user can sign in again."), style="secondary"),
    Step("revoke_tokens", services.user_revoke_tokens, _("Revoke API tokens"), _("The API tokens were revoked."),
         input=RevokeTokensInput, style="danger", confirm=_("Revoke every API token of this user?")),
    Step("deactivate", services.user_deactivate, _("Deactivate"),
         _("The account was deactivated: it can no longer sign in."), sources=(True,), style="danger",
         confirm=_("Deactivate this account? The person is signed out and their API tokens are revoked.")),
    Step("reactivate", services.user_reactivate, _("Reactivate"), _("The account was reactivated."),
         sources=(False,)),
], field="is_active")

MEMBERSHIP_STEPS = Steps(Membership, "membership", MembershipPolicy, [
    Step("end", services.membership_end, _("Take the role away"), _("The role was taken away."), input=EndInput,
         sources=("current", "upcoming"), style="danger",
         confirm=_("Take this role away? The person loses its rights from today.")),
], field="period_status")

INVITATION_STEPS = Steps(Invitation, "invitation", InvitationPolicy, [
    Step("resend", services.invitation_resend, _("Resend"),
         _("A new link was sent; the one sent before no longer works."),
         sources=(InvitationStatus.PENDING, InvitationStatus.EXPIRED), style="secondary"),
    Step("revoke", services.invitation_revoke, _("Revoke"), _("The invitation was revoked."),
         sources=(InvitationStatus.PENDING, InvitationStatus.EXPIRED), style="danger",
         confirm=_("Revoke this invitation? Its link stops working.")),
], field="status")
