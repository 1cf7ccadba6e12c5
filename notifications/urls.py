from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("unread/", views.UnreadCountView.as_view(), name="unread"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
]
