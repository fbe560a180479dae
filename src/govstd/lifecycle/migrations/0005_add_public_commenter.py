"""A lock row per public commenter, so the public comment rate limit counts and adds atomically."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lifecycle', '0004_delete_reminder_moved_to_notifications'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicCommenter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=64, unique=True)),
                ('first_seen', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'public commenter',
                'verbose_name_plural': 'public commenters',
            },
        ),
    ]
