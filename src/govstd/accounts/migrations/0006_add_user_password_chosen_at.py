from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations, models
from django.utils import timezone


def start_the_clock(apps, schema_editor):
    """Count the passwords of existing accounts as chosen today: the periodic change starts from now,
    rather than every account being stopped at once by the upgrade."""
    apps.get_model("accounts", "User").objects.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).update(
        password_chosen_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_label_fields_for_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="password_chosen_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="password chosen on"),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
