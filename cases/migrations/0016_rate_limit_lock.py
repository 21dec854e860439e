# The per-address submission limit's lock rows (issue 18, item 5).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_case_reception_session_in_meetings'),
    ]

    operations = [
        migrations.CreateModel(
            name='RateLimitLock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=100, unique=True)),
            ],
        ),
    ]
