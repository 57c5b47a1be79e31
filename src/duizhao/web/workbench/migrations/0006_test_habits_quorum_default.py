# A new team's quorum ratio comes from data/cycle/meeting.toml instead of a literal "2/3".

import duizhao.cycle.meeting
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workbench', '0005_chain_labels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='team',
            name='quorum_ratio',
            field=models.CharField(default=duizhao.cycle.meeting.configured_quorum_ratio, max_length=10, verbose_name='到会比例要求'),
        ),
    ]
