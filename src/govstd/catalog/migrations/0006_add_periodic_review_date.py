from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0005_create_system_explanation"),
    ]

    operations = [
        migrations.AddField(
            model_name="standard",
            name="last_reviewed_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="last periodic review",
                help_text="Date of the last periodic review concluding 继续有效; the next is due at most 5 years later.",
            ),
        ),
    ]
