"""Announcements created before issue 12 stored instruction text as their content; the form
now shows it as a placeholder. Empty those values so the minutes show a visible gap instead."""
from django.db import migrations

INSTRUCTION_BODIES = ["（征求意见情况待填）", "（如无，写明“本年度班子成员未受到谈话函询”）"]


def clean(apps, schema_editor):
    Announcement = apps.get_model("workbench", "Announcement")
    Announcement.objects.filter(body__in=INSTRUCTION_BODIES).update(body="")


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_initial")]
    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
