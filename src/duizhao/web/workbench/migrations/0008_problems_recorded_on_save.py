"""Problems are recorded when a version is saved, no longer on the first page view: a flag says a
version was recorded (a version with no problems has no records), and every material's newest
version that has none gets its records here, as `chain.record_version` makes them today: the
core parser's problems, the links of the previous recorded version carried over (the rest marked
lost), and links suggested to the claimed opinions and the talks. Idempotent: a version already
recorded is left alone. Frozen here on purpose (the historical models, the core functions), so a
later change to the workbench's bridge cannot change what this migration did."""

import logging

from django.db import migrations, models

log = logging.getLogger(__name__)


def record_newest_versions(apps, schema_editor):
    Material = apps.get_model("workbench", "Material")
    MaterialVersion = apps.get_model("workbench", "MaterialVersion")
    ProblemRecord = apps.get_model("workbench", "ProblemRecord")
    MaterialVersion.objects.filter(pk__in=ProblemRecord.objects.values("version_id")).update(problems_recorded=True)
    for material in Material.objects.select_related("meeting", "member").order_by("id"):
        newest = MaterialVersion.objects.filter(material=material).order_by("-number").first()
        if newest is not None and not newest.problems_recorded:
            _record(apps, material, newest)


def _record(apps, material, version) -> None:
    from duizhao.cycle import chain as core_chain

    MaterialVersion = apps.get_model("workbench", "MaterialVersion")
    ProblemRecord = apps.get_model("workbench", "ProblemRecord")
    previous = (
        MaterialVersion.objects.filter(material=material, number__lt=version.number, problem_records__isnull=False)
        .order_by("-number")
        .first()
    )
    records = [
        ProblemRecord.objects.create(
            version=version, index=i, text=p.text, aspect_id=p.aspect_id or "", start=p.start, end=p.end
        )
        for i, p in enumerate(_problems(version.text))
    ]
    if previous is not None:
        _follow(apps, core_chain, previous, records)
    _suggest(apps, core_chain, material, records)
    MaterialVersion.objects.filter(pk=version.pk).update(problems_recorded=True)


def _problems(text: str) -> list:
    """The core parser's problems; none when it fails (the workbench keeps such a text unstructured)."""
    from duizhao.parse import parse_text

    try:
        return list(parse_text(text).problems)
    except Exception:  # a parser bug must not stop the upgrade
        log.exception("parse_text failed; no problems recorded for this version")
        return []


def _follow(apps, core_chain, previous, records) -> None:
    ProblemLink = apps.get_model("workbench", "ProblemLink")
    TaskOrigin = apps.get_model("workbench", "TaskOrigin")
    old = list(previous.problem_records.order_by("index"))
    followed = core_chain.follow_links([r.text for r in old], [r.text for r in records])
    for i, j in followed.moved.items():
        for link in ProblemLink.objects.filter(problem=old[i], lost=False):
            ProblemLink.objects.create(
                problem=records[j],
                opinion_id=link.opinion_id,
                talk_id=link.talk_id,
                state=link.state,
                reason=link.reason,
                score=link.score,
            )
        TaskOrigin.objects.filter(problem=old[i]).update(problem=records[j])
    lost = [old[i].pk for i in followed.lost]
    ProblemLink.objects.filter(problem_id__in=lost).exclude(state="rejected").update(lost=True)


def _suggest(apps, core_chain, material, records) -> None:
    Opinion = apps.get_model("workbench", "Opinion")
    Talk = apps.get_model("workbench", "Talk")
    ProblemLink = apps.get_model("workbench", "ProblemLink")
    if material.member_id:
        claimed = Opinion.objects.filter(meeting_id=material.meeting_id, claimed_member_id=material.member_id)
    else:
        claimed = Opinion.objects.filter(meeting_id=material.meeting_id, claimed_by_team=True)
    numbers = {
        pk: number
        for number, pk in enumerate(claimed.order_by("aspect_id", "text", "id").values_list("id", flat=True), start=1)
    }
    sources = [core_chain.SourceText(f"o:{o.pk}", o.text, numbers.get(o.pk)) for o in claimed]
    if material.member_id:
        talks = Talk.objects.filter(meeting_id=material.meeting_id)
        said = [(t, t.listener_said) for t in talks.filter(speaker_id=material.member_id)]
        said += [(t, t.speaker_said) for t in talks.filter(listener_id=material.member_id)]
        sources += [core_chain.SourceText(f"t:{t.pk}", text) for t, text in said if text.strip()]
    for suggestion in core_chain.suggest_links([r.text for r in records], sources):
        record = records[suggestion.problem_index]
        kind, _, pk = suggestion.source_id.partition(":")
        target = {"opinion_id": pk} if kind == "o" else {"talk_id": int(pk)}
        if not ProblemLink.objects.filter(problem=record, **target).exists():
            ProblemLink.objects.create(
                problem=record,
                reason=suggestion.reason,
                score=suggestion.score,
                state="confirmed" if suggestion.reason == "draft" else "suggested",
                **target,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0007_public_form_team_public_url"),
    ]

    operations = [
        migrations.AddField(
            model_name="materialversion",
            name="problems_recorded",
            field=models.BooleanField(default=False, verbose_name="已生成问题记录"),
        ),
        migrations.RunPython(record_newest_versions, migrations.RunPython.noop),
    ]
