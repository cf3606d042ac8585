"""The three role groups. Their permissions are set after every migrate (ilv.roles.roles_sync),
once every app's permissions exist."""

from django.db import migrations

ROLES = ("regisseur", "stuurgroep", "beheerscomite")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
