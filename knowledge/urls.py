"""Routes of the knowledge section that are not Wagtail pages (included by config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("erfahrungen/", views.lessons, name="lessons"),
]
