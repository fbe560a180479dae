from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0008_store_review_base_date'),
    ]

    operations = [
        migrations.AddField(
            model_name='standard',
            name='number_key',
            field=models.CharField(blank=True, editable=False, max_length=80, verbose_name='number key'),
        ),
    ]
