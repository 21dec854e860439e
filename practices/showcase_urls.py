from django.urls import path

from practices import showcase

app_name = "showcase"

urlpatterns = [
    path("", showcase.showcase_list, name="list"),
    path("<int:pk>/", showcase.showcase_detail, name="detail"),
    path("<int:pk>/anh/<slug:token>/", showcase.showcase_photo, name="photo"),
    path("<int:pk>/tep/<slug:token>/", showcase.showcase_file, name="file"),
]
