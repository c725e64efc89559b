"""The staff roles: groups whose permissions keep editors and sales apart.

Editors work on briefings and cannot see requests for interest. Sales triage
requests and read briefings. Sales managers also edit routing rules, erase a
prospect's personal data and export it for a subject access request.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
SALES = "Sales"
SALES_MANAGERS = "Sales managers"

BRIEFINGS_MODELS = ["country", "topic", "analyst", "briefing", "relatedlink"]

SALES_PERMISSIONS = [
    ("leads", "view_lead"),
    ("leads", "change_lead"),
    ("leads", "export_lead"),
    ("leads", "view_dashboard"),
    ("leads", "view_prospect"),
    ("leads", "view_notification"),
    ("leads", "view_leadnote"),
    ("leads", "add_leadnote"),
    ("leads", "view_leadevent"),
    ("leads", "view_routingrule"),
    *(("briefings", f"view_{model}") for model in BRIEFINGS_MODELS),
]
MANAGER_PERMISSIONS = [
    *SALES_PERMISSIONS,
    ("leads", "add_routingrule"),
    ("leads", "change_routingrule"),
    ("leads", "delete_routingrule"),
    ("leads", "view_routingrulechange"),
    ("leads", "erase_prospect"),
    ("leads", "export_prospect"),
    ("leads", "view_erasurerecord"),
]
EDITOR_PERMISSIONS = [
    ("briefings", f"{action}_{model}")
    for model in BRIEFINGS_MODELS
    for action in ("add", "change", "delete", "view")
]


def create_groups(apps, schema_editor):
    # Permissions are otherwise created after the last migration has run, too
    # late for a fresh database.
    for app_label in ("briefings", "leads"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in (
        (EDITORS, EDITOR_PERMISSIONS),
        (SALES, SALES_PERMISSIONS),
        (SALES_MANAGERS, MANAGER_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[EDITORS, SALES, SALES_MANAGERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("briefings", "0001_initial"),
        ("leads", "0002_triage"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
