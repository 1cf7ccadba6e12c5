from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("", views.CheckInPageView.as_view(), name="check_in"),
    path("mine/", views.MyAttendanceView.as_view(), name="mine"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("placements/<int:pk>/", views.PlacementAttendanceView.as_view(), name="placement"),
    path("placements/<int:pk>/workplace/", views.WorkplaceFormView.as_view(), name="workplace"),
    path("check-ins/", views.CheckInListView.as_view(), name="check_in_list"),
    path("check-ins/<int:pk>/", views.CheckInDetailView.as_view(), name="check_in_detail"),
    path("check-ins/<int:pk>/photo/", views.CheckInPhotoView.as_view(), name="check_in_photo"),
    path("check-ins/<int:pk>/do/<str:step>/", views.CheckInStepView.as_view(), name="check_in_action"),
    path("leave/", views.LeaveListView.as_view(), name="leave_list"),
    path("leave/new/", views.LeaveCreateView.as_view(), name="leave_create"),
    path("leave/<int:pk>/", views.LeaveDetailView.as_view(), name="leave_detail"),
    path("leave/<int:pk>/attachment/", views.LeaveAttachmentView.as_view(), name="leave_attachment"),
    path("leave/<int:pk>/do/<str:step>/", views.LeaveStepView.as_view(), name="leave_action"),
    path("absences/", views.AbsenceListView.as_view(), name="absences"),
    path("breaches/", views.BreachListView.as_view(), name="breaches"),
    path("breaches/<int:pk>/", views.BreachDetailView.as_view(), name="breach_detail"),
    path("breaches/<int:pk>/do/<str:step>/", views.BreachStepView.as_view(), name="breach_action"),
    path("visits/", views.VisitListView.as_view(), name="visits"),
    path("visits/new/", views.VisitFormView.as_view(), name="visit_create"),
    path("visits/coverage/", views.CoverageView.as_view(), name="coverage"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/edit/", views.VisitFormView.as_view(), name="visit_edit"),
    path("visits/<int:pk>/photos/<int:photo_id>/", views.VisitPhotoView.as_view(), name="visit_photo"),
    path("calendar/", views.CalendarListView.as_view(), name="calendar"),
    path("calendar/new/", views.CalendarDayFormView.as_view(), name="calendar_create"),
    path("calendar/<int:pk>/edit/", views.CalendarDayFormView.as_view(), name="calendar_edit"),
    path("calendar/<int:pk>/delete/", views.CalendarDayDeleteView.as_view(), name="calendar_delete"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("sheets/", views.SheetView.as_view(), name="sheets"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.OfflineView.as_view(), name="offline"),
]
