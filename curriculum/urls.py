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
    *catalogue_views.MODULES.urls("modules/"),
    *catalogue_views.COMPETENCIES.urls("competencies/"),
    *catalogue_views.JOB_POSTS.urls("job-posts/"),
    *catalogue_views.COMPETITIONS.urls("competitions/"),
    *catalogue_views.CERTIFICATES.urls("certificates/"),
]
