"""Staff pages of one event, at /admin/anmalan/<app>/<model>/<pk>/… (staff.py).

Wrapped in admin's own `admin_view`: a visitor who is not logged in to admin (two-factor
included) is sent to its login page, and the pages get admin's CSRF and never_cache.
"""

from django.contrib import admin
from django.urls import path

from . import staff

app_name = "registration_staff"

EVENT = "<slug:app_label>/<slug:model_name>/<int:pk>/"

urlpatterns = [
    path(
        f"{EVENT}deltagarlista.pdf",
        admin.site.admin_view(staff.attendees_view),
        name="attendees",
    ),
    path(f"{EVENT}narvaro/", admin.site.admin_view(staff.checkin_view), name="checkin"),
    path(f"{EVENT}meddelande/", admin.site.admin_view(staff.message_view), name="message"),
]
