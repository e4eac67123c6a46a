"""Configuration screens for administrators. No casework model is registered here:
administrators configure the service, they do not browse children's records (DOMAIN §10).
School accounts (which school a user belongs to, and the school's API keys) are configuration;
the returns schools send are not shown here."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from ehe.models import User
from ehe.roles import Role

from .models import CaseworkSettings, School, SchoolApiToken, SchoolMembership
from .services.config import EDITABLE, casework_settings_update
from .services.school_accounts import (
    school_api_token_create,
    school_api_token_revoke,
    school_membership_problem,
    school_membership_set,
)


@admin.register(CaseworkSettings)
class CaseworkSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__",)
    # Grouped as an officer meets them; every editable value appears exactly once.
    fieldsets = (
        (
            "Home education: first steps",
            {
                "fields": (
                    "initial_contact_working_days",
                    "acknowledgement_working_days",
                    "judgement_after_initial_contact_working_days",
                    "information_reply_days",
                    "judgement_after_reply_working_days",
                )
            },
        ),
        (
            "Home education: next contact",
            {
                "description": "The standard interval, and a shorter one for each risk tier. "
                "The shortest interval among the tiers that apply to a child is used.",
                "fields": (
                    "next_contact_months",
                    "next_contact_months_cpp",
                    "next_contact_months_cin",
                    "next_contact_months_ehcp",
                    "next_contact_months_first_year",
                    "next_contact_months_no_recent_contact",
                ),
            },
        ),
        (
            "Home education: formal stages and leaving",
            {
                "fields": (
                    "panel_decision_working_days",
                    "s437_review_days",
                    "sao_review_working_days",
                    "return_review_working_days",
                    "post16_advice_days_before_csa_end",
                )
            },
        ),
        (
            "Children missing education",
            {
                "fields": (
                    "cme_home_visit_working_days",
                    "cme_enquiries_review_working_days",
                    "cme_placing_review_working_days",
                )
            },
        ),
        ("Considering home education", {"fields": ("involvement_follow_up_working_days",)}),
        ("Documents", {"fields": ("max_upload_megabytes",)}),
    )

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
            channel="web",
        )
        obj.pk = saved.pk


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("urn", "name", "school_type", "phase", "la_code", "is_open", "is_special")
    list_filter = ("school_type", "is_open", "is_special", "phase")
    search_fields = ("urn", "name")


class SchoolMembershipForm(forms.ModelForm):
    class Meta:
        model = SchoolMembership
        fields = ("user", "school")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = (
                User.objects.filter(groups__name=Role.SCHOOL.value).distinct().order_by("username")
            )
            self.fields["user"].help_text = "Only users with the school staff role are listed."

    def clean_user(self):
        user = self.cleaned_data["user"]
        if (problem := school_membership_problem(user)) is not None:
            raise forms.ValidationError(problem)
        return user


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin):
    """Which school each school user belongs to. A school user with no link sees a page
    saying so, and nothing else."""

    form = SchoolMembershipForm
    list_display = ("user", "school")
    list_select_related = ("user", "school")
    search_fields = ("user__username", "school__name", "school__urn")
    autocomplete_fields = ("school",)

    def get_readonly_fields(self, request, obj=None):
        # A link moves a user to another school; it is never handed to another user.
        return ("user",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        user = form.cleaned_data.get("user") or obj.user
        saved = school_membership_set(
            by=request.user, user=user, school=form.cleaned_data["school"], channel="web"
        )
        obj.pk = saved.pk


@admin.register(SchoolApiToken)
class SchoolApiTokenAdmin(admin.ModelAdmin):
    """A school's keys for the deletion-return API. The key is shown once, when it is made;
    only its hash is kept. Keys are revoked, never deleted: returns sent with one point at it."""

    list_display = ("label", "school", "prefix", "created_at", "last_used_at", "state")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("school",)
    search_fields = ("label", "prefix", "school__name", "school__urn")
    autocomplete_fields = ("school",)
    actions = ["revoke"]
    readonly_fields = (
        "school",
        "label",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )

    @admin.display(description="state")
    def state(self, token):
        return "Revoked" if token.revoked_at else "Live"

    def get_fields(self, request, obj=None):
        return ("school", "label") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, raw_key = school_api_token_create(
            by=request.user,
            school=form.cleaned_data["school"],
            label=form.cleaned_data["label"],
            channel="web",
        )
        for name in ("pk", "prefix", "key_hash", "created_at", "created_by_id"):
            setattr(obj, name, getattr(token, name))
        # The only time the key exists outside the school's system: it is not stored.
        messages.warning(
            request,
            f"Copy this key now and give it to {token.school.name} securely; it will not be "
            f"shown again: {raw_key}",
        )

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            school_api_token_revoke(by=request.user, token=token, channel="web")
        messages.success(request, f"Revoked {len(queryset)} key(s). They no longer work.")
