from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.db import models, router
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import publication
from .forms import BriefingAdminForm
from .models import Analyst, Briefing, Country, FormerSlug, Page, RelatedLink, Topic
from .publication import briefing_values, content_changed, publication_errors

OUTSIDE_REFERENCES = _(
    "Records kept by sales (requests for interest, routing) refer to it. It "
    "cannot be deleted; ask a sales manager."
)


def keep_former_slug(briefing, slug, status):
    """Keep a published briefing's old address leading to it; its new one is
    no longer a former one."""
    FormerSlug.objects.filter(slug=briefing.slug).delete()
    if status == Briefing.Status.PUBLISHED:
        FormerSlug.objects.update_or_create(slug=slug, defaults={"briefing": briefing})


class PublicContentAdmin(admin.ModelAdmin):
    """The admin of something the public pages show: every write refreshes them."""

    def save_related(self, request, form, formsets, change):
        # Runs after save_model, the many-to-many fields and the inlines, on
        # every save from the change form and the editable changelist.
        super().save_related(request, form, formsets, change)
        content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()


class SubjectAdmin(PublicContentAdmin):
    """Countries and topics, which records editors cannot see may rely on."""

    def get_deleted_objects(self, objs, request):
        # What refers to a subject from outside the briefings (requests for
        # interest, routing) is neither shown nor dropped: the deletion is
        # refused, without saying what or how many.
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        related = set(collector.model_objs) | {type(o) for o in collector.protected}
        if any(model._meta.app_label != self.opts.app_label for model in related):
            return [], {}, set(), [OUTSIDE_REFERENCES]
        return super().get_deleted_objects(objs, request)


@admin.register(Country)
class CountryAdmin(SubjectAdmin):
    list_display = ["name", "iso_code", "slug"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "iso_code", "introduction"]


@admin.register(Topic)
class TopicAdmin(SubjectAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Analyst)
class AnalystAdmin(PublicContentAdmin):
    list_display = ["name", "title"]
    list_filter = ["countries"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["countries"]
    fields = ["name", "slug", "title", "bio", "photo", "photo_alt", "countries"]


@admin.register(Page)
class PageAdmin(PublicContentAdmin):
    list_display = ["title", "slug", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "standfirst", "body"]}),
        (_("Contact details"), {"fields": ["address", "email", "phone"]}),
    ]


class PublicationFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("published", _("Published")),
            ("scheduled", _("Scheduled")),
            ("draft", _("Draft")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "published":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "draft":
                return queryset.drafts()
        return queryset


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "briefing"
    fields = ["position", "target", "url", "title", "teaser"]
    autocomplete_fields = ["target"]
    extra = 1
    # An address typed without a scheme is an https one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/briefings-admin.css"]}


@admin.register(Briefing)
class BriefingAdmin(PublicContentAdmin):
    form = BriefingAdminForm
    list_display = [
        "title",
        "publication",
        "published_at",
        "country_names",
        "featured",
        "preview_link",
    ]
    list_filter = [PublicationFilter, "featured", "countries", "topics"]
    search_fields = ["title", "slug", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries", "topics", "authors"]
    readonly_fields = ["preview_link", "alert_reach", "created_at", "updated_at"]
    inlines = [RelatedLinkInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "summary", "body"]}),
        (_("Subjects and authors"), {"fields": ["countries", "topics", "authors"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "featured",
                    "announce",
                    "alert_reach",
                    "preview_link",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Call to action and search engines"),
            {"fields": ["cta_text", "seo_title", "seo_description"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("status"), ordering="status")
    def publication(self, obj):
        if obj.is_published:
            return _("Published")
        if obj.is_scheduled:
            return _("Scheduled")
        return _("Draft")

    @admin.display(description=_("countries"))
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())

    @admin.display(description=_("readers alerted"))
    def alert_reach(self, obj):
        if not obj.pk:
            return _("Save the draft to see how many readers its alert reaches.")
        readers = publication.audience(obj)
        return ngettext(
            "%(count)d reader follows its countries or topics and asked for each "
            "new briefing.",
            "%(count)d readers follow its countries or topics and asked for each "
            "new briefing.",
            readers,
        ) % {"count": readers}

    @admin.display(description=_("on the site"))
    def preview_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("View") if obj.is_published else _("Preview"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            keep_former_slug(obj, form.initial["slug"], form.initial["status"])

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self.report_schedule(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self.report_schedule(request, obj)
        return response

    def report_schedule(self, request, obj):
        if obj.is_scheduled:
            due = timezone.localtime(obj.published_at)
            self.message_user(
                request,
                _("Scheduled for %(date)s.") % {"date": date_format(due, "j F H:i")},
                messages.INFO,
            )

    @admin.action(
        description=_("Publish the selected briefings"), permissions=["change"]
    )
    def publish(self, request, queryset):
        incomplete = {}
        for briefing in queryset.prefetch_related("countries"):
            if errors := publication_errors(briefing_values(briefing)):
                incomplete[briefing] = errors
        ready = queryset.exclude(pk__in=[briefing.pk for briefing in incomplete])
        count = publication.publish(ready)
        for briefing, errors in incomplete.items():
            missing = [str(self.opts.get_field(name).verbose_name) for name in errors]
            self.message_user(
                request,
                _("“%(title)s” was not published: it needs %(missing)s first.")
                % {"title": briefing, "missing": get_text_list(missing, _("and"))},
                messages.ERROR,
            )
        if count or not incomplete:
            scheduled = ready.scheduled().count()
            self.message_user(
                request,
                ngettext(
                    "%(count)d briefing published (%(scheduled)d of them scheduled).",
                    "%(count)d briefings published (%(scheduled)d of them scheduled).",
                    count,
                )
                % {"count": count, "scheduled": scheduled},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Unpublish the selected briefings (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        count = publication.unpublish(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d briefing is a draft again.",
                "%(count)d briefings are drafts again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
