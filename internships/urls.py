from django.urls import path

from . import views

app_name = "internships"

urlpatterns = [
    path("postings/", views.PostingListView.as_view(), name="posting_list"),
    path("postings/new/", views.PostingFormView.as_view(), name="posting_create"),
    path("postings/<int:pk>/", views.PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/edit/", views.PostingFormView.as_view(), name="posting_edit"),
    path("postings/<int:pk>/apply/", views.ApplyView.as_view(), name="posting_apply"),
    path("postings/<int:pk>/<str:step>/", views.PostingStepView.as_view(), name="posting_action"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/<int:pk>/cv/", views.ApplicationCvView.as_view(), name="application_cv"),
    path("applications/<int:pk>/<str:step>/", views.ApplicationStepView.as_view(), name="application_action"),
    path("placements/", views.PlacementListView.as_view(), name="placement_list"),
    path("placements/mine/", views.MyPlacementView.as_view(), name="my_placement"),
    path("placements/new/", views.PlacementFormView.as_view(), name="placement_create"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path("placements/<int:pk>/edit/", views.PlacementFormView.as_view(), name="placement_edit"),
    path("placements/<int:pk>/agreement/", views.PlacementAgreementView.as_view(), name="placement_agreement"),
    path("placements/<int:pk>/logs/new/", views.WeeklyLogCreateView.as_view(), name="log_create"),
    path("placements/<int:pk>/evaluate/", views.EvaluationCreateView.as_view(), name="evaluation_create"),
    path("placements/<int:pk>/incidents/new/", views.IncidentCreateView.as_view(), name="incident_create"),
    path("placements/<int:pk>/outcome/", views.OutcomeView.as_view(), name="outcome"),
    path("placements/<int:pk>/do/<str:step>/", views.PlacementStepView.as_view(), name="placement_action"),
    path("logs/", views.WeeklyLogListView.as_view(), name="log_list"),
    path("logs/<int:pk>/", views.WeeklyLogDetailView.as_view(), name="log_detail"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("evaluate/<str:token>/", views.EvaluateByLinkView.as_view(), name="evaluate_by_link"),
    path("enterprises/", views.EnterpriseNumbersView.as_view(), name="enterprise_numbers"),
    path("outcomes/", views.OutcomeListView.as_view(), name="outcome_list"),
    path("outcomes/new/", views.OutcomeFormView.as_view(), name="outcome_create"),
    path("outcomes/statistics/", views.OutcomeStatisticsView.as_view(), name="outcome_statistics"),
    path("outcomes/<int:pk>/edit/", views.OutcomeFormView.as_view(), name="outcome_edit"),
    path("outcomes/<int:pk>/delete/", views.OutcomeDeleteView.as_view(), name="outcome_delete"),
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.IncidentEditView.as_view(), name="incident_edit"),
    path("incidents/<int:pk>/<str:step>/", views.IncidentStepView.as_view(), name="incident_action"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("sw.js", views.service_worker, name="service_worker"),
]
