from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from core import audit

from . import twofactor, views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("2fa/", twofactor.TwoFactorSetupView.as_view(), name="twofactor_setup"),
    path("2fa/verify/", twofactor.TwoFactorVerifyView.as_view(), name="twofactor_verify"),
    path("tokens/", views.ApiTokenListView.as_view(), name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("audit/", audit.AuditLogView.as_view(), name="audit_log"),
    path("audit/<str:label>/<int:pk>/", audit.ObjectHistoryView.as_view(), name="object_history"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserFormPage.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserFormPage.as_view(), name="user_edit"),
    path("users/<int:pk>/roles/new/", views.MembershipFormPage.as_view(grant=True), name="membership_create"),
    path("users/<int:pk>/<str:step>/", views.UserStepView.as_view(), name="user_step"),
    path("roles/", views.MembershipListView.as_view(), name="membership_list"),
    path("roles/<int:pk>/edit/", views.MembershipFormPage.as_view(), name="membership_edit"),
    path("roles/<int:pk>/<str:step>/", views.MembershipStepView.as_view(), name="membership_step"),
    path("invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("invitations/new/", views.InvitationFormPage.as_view(), name="invitation_create"),
    path("invitations/<int:pk>/<str:step>/", views.InvitationStepView.as_view(), name="invitation_step"),
    path("invite/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("terms/", views.TermsView.as_view(), name="terms"),
]
