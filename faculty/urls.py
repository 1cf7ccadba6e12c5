from django.urls import path

from . import views

app_name = "faculty"

urlpatterns = [
    path("", views.PortfolioView.as_view(), name="portfolio"),
    path("overview/", views.FacultyOverviewView.as_view(), name="overview"),
    path("placements/new/", views.PlacementFormView.as_view(), name="placement_create"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path("placements/<int:pk>/edit/", views.PlacementFormView.as_view(), name="placement_edit"),
    path("placements/<int:pk>/evidence/", views.PlacementEvidenceView.as_view(), name="placement_evidence"),
    # Deleting a draft is not a workflow step; its own route comes before the steps' route that it shadows.
    path("placements/<int:pk>/delete/", views.PlacementDeleteView.as_view(), name="placement_delete"),
    path("placements/<int:pk>/<str:step>/", views.PlacementStepView.as_view(), name="placement_action"),
    path("confirmations/", views.ConfirmationQueueView.as_view(), name="confirmation_queue"),
    path("confirm/<str:token>/", views.PlacementLinkView.as_view(), name="placement_link"),
    path("trainings/new/", views.TrainingCreateView.as_view(), name="training_create"),
    path("certificates/new/", views.CertificateCreateView.as_view(), name="certificate_create"),
    path("reforms/new/", views.ReformCreateView.as_view(), name="reform_create"),
    path("industry-years/new/", views.IndustryYearsCreateView.as_view(), name="industry_years_create"),
    path("verifications/", views.VerificationQueueView.as_view(), name="verifications"),
    # Evidence scans come before the steps' routes, which would take "file" for a step's name.
    path("certificates/<int:pk>/file/", views.CertificateFileView.as_view(), name="certificate_file"),
    path("trainings/<int:pk>/file/", views.TrainingFileView.as_view(), name="training_file"),
    path("industry-years/<int:pk>/file/", views.IndustryYearsFileView.as_view(), name="industry_years_file"),
    path("certificates/<int:pk>/<str:step>/", views.CertificateStepView.as_view(), name="certificate_action"),
    path("trainings/<int:pk>/<str:step>/", views.TrainingStepView.as_view(), name="training_action"),
    path("reforms/<int:pk>/<str:step>/", views.ReformStepView.as_view(), name="reform_action"),
    path("industry-years/<int:pk>/<str:step>/", views.IndustryYearsStepView.as_view(),
         name="industry_years_action"),
    path("instructors/", views.InstructorListView.as_view(), name="instructors"),
    path("instructors/new/", views.InstructorFormView.as_view(), name="instructor_create"),
    path("instructors/<int:pk>/edit/", views.InstructorFormView.as_view(), name="instructor_edit"),
    path("instructors/<int:pk>/delete/", views.InstructorDeleteView.as_view(), name="instructor_delete"),
    path("instructors/<int:pk>/<str:step>/", views.InstructorStepView.as_view(), name="instructor_action"),
    path("teaching/", views.AssignmentListView.as_view(), name="assignments"),
    path("teaching/new/", views.AssignmentFormView.as_view(), name="assignment_create"),
    path("teaching/<int:pk>/edit/", views.AssignmentFormView.as_view(), name="assignment_edit"),
    path("teaching/<int:pk>/delete/", views.AssignmentDeleteView.as_view(), name="assignment_delete"),
    path("teaching/<int:pk>/evaluate/", views.EvaluationFormView.as_view(), name="evaluation_create"),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluations"),
    path("evaluations/<int:pk>/edit/", views.EvaluationFormView.as_view(), name="evaluation_edit"),
    path("awards/", views.AwardListView.as_view(), name="awards"),
    path("awards/new/", views.AwardFormView.as_view(), name="award_create"),
    path("awards/<int:pk>/edit/", views.AwardFormView.as_view(), name="award_edit"),
    path("awards/<int:pk>/delete/", views.AwardDeleteView.as_view(), name="award_delete"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path("assessments/export/", views.AssessmentExportView.as_view(), name="assessment_export"),
    path("assessments/points/<int:year>/", views.AssessmentSchemeFormView.as_view(), name="assessment_scheme"),
]
