from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("unread/", views.UnreadCountView.as_view(), name="unread"),
    # the collection step read-all (core/steps.py, detail=False) at the address it always had
    path("read-all/", views.NotificationStepView.as_view(), {"step": "read-all"}, name="read_all"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
    path("<int:pk>/<str:step>/", views.NotificationStepView.as_view(), name="action"),
]
