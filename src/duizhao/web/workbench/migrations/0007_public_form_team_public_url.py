from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workbench', '0006_test_habits_quorum_default'),
    ]

    operations = [
        migrations.AddField(
            model_name='team',
            name='public_url',
            field=models.CharField(blank=True, max_length=200, verbose_name='征求意见链接和二维码使用的地址'),
        ),
    ]
