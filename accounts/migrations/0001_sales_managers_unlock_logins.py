"""Sales managers may see locked-out logins and unlock them (django-axes'
access attempts): the view and delete permissions of AccessAttempt."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SALES_MANAGERS = "Sales managers"
CODENAMES = ["view_accessattempt", "delete_accessattempt"]


def grant(apps, schema_editor):
    # Permissions are otherwise created after the last migration has run.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SALES_MANAGERS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=SALES_MANAGERS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("leads", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
