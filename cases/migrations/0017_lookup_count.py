# The per-address limit on status lookups and private links (issue 18, item 9).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0016_rate_limit_lock'),
    ]

    operations = [
        migrations.CreateModel(
            name='LookupCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('client_hash', models.CharField(max_length=64)),
                ('window_start', models.DateTimeField(db_index=True)),
                ('hits', models.PositiveIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('client_hash', 'window_start'), name='case_lookup_count_uniq')],
            },
        ),
    ]
