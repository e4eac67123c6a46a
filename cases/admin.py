"""Configuration screens for administrators. No casework model is registered here:
administrators configure the service, they do not browse children's records (DOMAIN §10)."""

from django.contrib import admin
from django.utils import timezone

from .models import CaseworkSettings, School
from .services.config import EDITABLE, casework_settings_update


@admin.register(CaseworkSettings)
class CaseworkSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", *EDITABLE)
    fields = EDITABLE

    def has_add_permission(self, request):
        return not CaseworkSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, so every open case's due dates move at once.
        saved = casework_settings_update(
            by=request.user,
            today=timezone.localdate(),
            **{name: form.cleaned_data[name] for name in EDITABLE},
        )
        obj.pk = saved.pk


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("urn", "name", "school_type", "phase", "la_code", "is_open", "is_special")
    list_filter = ("school_type", "is_open", "is_special", "phase")
    search_fields = ("urn", "name")
