app_name = "internships"

urlpatterns: list = []
