from django.urls import path, re_path

from . import catalogue_views, views

app_name = "curriculum"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/review/", views.ProgramListView.as_view(review_only=True), name="program_review"),
    path("programs/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("programs/<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("programs/<int:pk>/edit/", views.ProgramEditView.as_view(), name="program_edit"),
    path("programs/<int:pk>/diff/", views.ProgramDiffView.as_view(), name="program_diff"),
    path("programs/<int:pk>/<str:step>/", views.ProgramStepView.as_view(), name="program_action"),
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/mine/", views.CourseListView.as_view(mine=True), name="my_courses"),
    path("courses/new/", views.CourseFormView.as_view(), name="course_create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseFormView.as_view(), name="course_edit"),
    path("map/", views.CompetencyMapView.as_view(), name="competency_map"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    re_path(r"^coverage/export\.(?P<fmt>csv|xlsx)$", views.CoverageExportView.as_view(), name="coverage_export"),
    path("achievements/", views.AchievementListView.as_view(), name="achievement_list"),
    path("achievements/new/", views.AchievementCreateView.as_view(), name="achievement_create"),
    path("achievements/<int:pk>/withdraw/", views.AchievementWithdrawView.as_view(), name="achievement_withdraw"),
    path("achievements/<int:pk>/<str:step>/", views.AchievementStepView.as_view(), name="achievement_action"),
    path("projects/", views.CourseProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.CourseProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.CourseProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/<str:step>/", views.CourseProjectStepView.as_view(), name="project_action"),
]

# The catalogues of the competency map (catalogue_views.py): list, create, edit, delete and the
# archive/restore steps, posted to "<row>/<step>/" like every step.
urlpatterns += [
    path("modules/", catalogue_views.ModuleListView.as_view(), name="module_list"),
    path("modules/new/", catalogue_views.ModuleFormPage.as_view(), name="module_create"),
    path("modules/<int:pk>/edit/", catalogue_views.ModuleFormPage.as_view(), name="module_edit"),
    path("modules/<int:pk>/delete/", catalogue_views.ModuleDeleteView.as_view(), name="module_delete"),
    path("modules/<int:pk>/<str:step>/", catalogue_views.ModuleStepView.as_view(), name="module_action"),
    path("competencies/", catalogue_views.CompetencyListView.as_view(), name="competency_list"),
    path("competencies/new/", catalogue_views.CompetencyFormPage.as_view(), name="competency_create"),
    path("competencies/<int:pk>/edit/", catalogue_views.CompetencyFormPage.as_view(), name="competency_edit"),
    path("competencies/<int:pk>/delete/", catalogue_views.CompetencyDeleteView.as_view(), name="competency_delete"),
    path("competencies/<int:pk>/<str:step>/", catalogue_views.CompetencyStepView.as_view(), name="competency_action"),
    path("job-posts/", catalogue_views.JobPostListView.as_view(), name="job_post_list"),
    path("job-posts/new/", catalogue_views.JobPostFormPage.as_view(), name="job_post_create"),
    path("job-posts/<int:pk>/edit/", catalogue_views.JobPostFormPage.as_view(), name="job_post_edit"),
    path("job-posts/<int:pk>/delete/", catalogue_views.JobPostDeleteView.as_view(), name="job_post_delete"),
    path("job-posts/<int:pk>/<str:step>/", catalogue_views.JobPostStepView.as_view(), name="job_post_action"),
    path("competitions/", catalogue_views.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/new/", catalogue_views.CompetitionFormPage.as_view(), name="competition_create"),
    path("competitions/<int:pk>/edit/", catalogue_views.CompetitionFormPage.as_view(), name="competition_edit"),
    path("competitions/<int:pk>/delete/", catalogue_views.CompetitionDeleteView.as_view(), name="competition_delete"),
    path("competitions/<int:pk>/<str:step>/", catalogue_views.CompetitionStepView.as_view(), name="competition_action"),
    path("certificates/", catalogue_views.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/new/", catalogue_views.CertificateFormPage.as_view(), name="certificate_create"),
    path("certificates/<int:pk>/edit/", catalogue_views.CertificateFormPage.as_view(), name="certificate_edit"),
    path("certificates/<int:pk>/delete/", catalogue_views.CertificateDeleteView.as_view(), name="certificate_delete"),
    path("certificates/<int:pk>/<str:step>/", catalogue_views.CertificateStepView.as_view(), name="certificate_action"),
]
