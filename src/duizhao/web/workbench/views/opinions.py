"""征求意见: public links with QR posters, the anonymous public form, manual entry, import,
classification, near-duplicate groups and 认领."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, Case, OuterRef, Subquery, TextField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from duizhao.errors import InputError
from duizhao.web.reshuffle import reshuffle_after_commit
from duizhao.web.workbench import forms as f
from duizhao.web.workbench import imports, services
from duizhao.web.workbench import models as m
from duizhao.web.workbench.permissions import (
    can,
    member_of,
    opinions_counted_for,
    opinions_visible_to,
    require,
    sees_opinions_live,
)
from duizhao.web.workbench.public_address import address_warnings, full_address, public_base
from duizhao.web.workbench.views.common import bytes_on_disk, checked_upload, meeting_context, meeting_for

OPINIONS_PER_PAGE = 100


def _trace_deletion(user, opinion: m.Opinion) -> None:
    """A deleted opinion leaves a trace in the audit log: who deleted it and when, its aspect,
    target and length. Never its text, its id or when it was received (nothing that could point
    at its writer)."""
    from duizhao.web.audit.models import AuditEntry

    aspect = services.aspect_names(opinion.meeting).get(opinion.aspect_id, "未分类")
    target = opinion.target_member.name if opinion.target_member is not None else "领导班子"
    AuditEntry.objects.create(
        user=user,
        username=user.get_username(),
        action="delete",
        model=str(m.Opinion._meta.verbose_name),
        object_repr=f"删除一条意见（{opinion.meeting.title}）",
        team_id=opinion.meeting.team_id,
        changes={"所属方面": [aspect, None], "针对": [target, None], "字数": [len(opinion.text), None]},
    )


def _unsure_count(opinions) -> int:
    """Automatic aspects the clerk should check (cycle.classify.needs_check), over all pages."""
    from duizhao.cycle.classify import needs_check

    rows = opinions.filter(aspect_confirmed=False).exclude(aspect_id="").values_list("aspect_confidence", flat=True)
    return sum(needs_check(confidence) for confidence in rows)


@login_required
def opinion_list(request, pk):
    """One page of 100 opinions, ordered by aspect and text (never by arrival); counts over all."""
    from django.core.paginator import Paginator
    from django.db.models import Count, Q

    meeting = meeting_for(request, pk)
    visible = opinions_visible_to(request.user, meeting)
    names = services.aspect_names(meeting)
    opinions = visible
    aspect_filter = request.GET.get("aspect")
    if aspect_filter is not None:
        opinions = opinions.filter(aspect_id=aspect_filter)
    opinions = opinions.order_by("aspect_id", "text")
    page = Paginator(opinions.select_related("target_member", "claimed_member"), OPINIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    totals: dict[str, int] = {}
    for row in opinions.values("aspect_id").annotate(n=Count("pk")).order_by():
        key = names.get(row["aspect_id"], "未分类")
        totals[key] = totals.get(key, 0) + row["n"]
    groups: dict[str, dict] = {}
    for o in page.object_list:
        key = names.get(o.aspect_id, "未分类")
        groups.setdefault(key, {"total": totals.get(key, 0), "items": []})["items"].append(o)
    members = list(meeting.team.members.filter(active=True))
    # Counts (never texts) over all the meeting's opinions: a member sees the true numbers for the others too.
    counts = meeting.opinions.aggregate(
        **{f"about_{x.pk}": Count("pk", filter=Q(target_member_id=x.pk)) for x in members},
        **{f"claimed_{x.pk}": Count("pk", filter=Q(claimed_member_id=x.pk)) for x in members},
    )
    per_member = [
        {"name": x.name, "about": counts[f"about_{x.pk}"], "claimed": counts[f"claimed_{x.pk}"]} for x in members
    ]
    query = {"aspect": aspect_filter} if aspect_filter is not None else {}
    solicitations, warnings = public_links(request, meeting)
    context = meeting_context(
        request,
        meeting,
        "opinions",
        groups=groups,
        unsure_count=_unsure_count(opinions) if can(request.user, "manage_opinions", meeting) else 0,
        page=page,
        page_query=urlencode(query),
        per_member=per_member,
        aspects=list(names.items()),
        names=names,
        summary=services.opinion_summary(meeting, opinions_counted_for(request.user, meeting)),
        released_in_batches=not sees_opinions_live(request.user, meeting),
        solicitations=solicitations,
        address_warnings=warnings,
        form=f.OpinionForm(meeting=meeting, initial={"received_on": timezone.localdate(), "source": "seminar"}),
        solicitation_form=f.SolicitationForm(meeting=meeting),
        upload_form=f.UploadForm(),
        members=members,
        me=member_of(request.user),
    )
    return render(request, "workbench/opinions.html", context)


def public_links(request, meeting: m.Meeting) -> tuple[list[m.Solicitation], list[str]]:
    """The meeting's links, each with its full address to copy, and the warnings about that address."""
    base = public_base(request, meeting.team.public_url)
    solicitations = list(meeting.solicitations.select_related("member"))
    for s in solicitations:
        s.url = full_address(base, reverse("public_opinion", args=[s.token]))
    return solicitations, warnings_for(base)


def warnings_for(base) -> list[str]:
    return address_warnings(base, settings.DUIZHAO_SERVE_HOST, settings.DUIZHAO_BEHIND_PROXY, settings.ALLOWED_HOSTS)


@login_required
@require_POST
def opinion_add(request, pk):
    meeting = meeting_for(request, pk, "manage_opinions")
    form = f.OpinionForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.add_opinion(
            meeting,
            form.cleaned_data["text"],
            form.cleaned_data["source"],
            target=form.cleaned_data["target_member"],
            received_on=form.cleaned_data["received_on"],
        )
        services.regroup_opinions(meeting)
        messages.success(request, "已录入一条意见，并自动归类。")
    else:
        messages.error(request, "意见未录入：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("opinions", pk=meeting.pk)


@login_required
@require_POST
def opinion_import(request, pk):
    meeting = meeting_for(request, pk, "manage_opinions")
    form = f.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的征求意见表（.xlsx 或 .docx）。")
        return redirect("opinions", pk=meeting.pk)
    upload = form.cleaned_data["file"]
    checked = checked_upload(request, upload, {"xlsx", "docx"})
    if checked is None:
        return redirect("opinions", pk=meeting.pk)
    check, data = checked
    try:
        with bytes_on_disk(data, f".{check.kind}") as path:
            rows = imports.read_opinion_form(path, meeting)
    except InputError as error:
        messages.error(request, f"导入失败：{error.reason}")
        return redirect("opinions", pk=meeting.pk)
    for row in rows:
        services.add_opinion(meeting, row.text, "form_import", target=row.member)
    groups = services.regroup_opinions(meeting)
    messages.success(request, f"已从“{check.safe_name}”导入 {len(rows)} 条意见，自动归类，相近意见 {groups} 组。")
    return redirect("opinions", pk=meeting.pk)


@login_required
@require_POST
def opinion_regroup(request, pk):
    meeting = meeting_for(request, pk, "manage_opinions")
    for opinion in meeting.opinions.filter(aspect_confirmed=False):
        services.classify_opinion(meeting, opinion)
        opinion.save(update_fields=["aspect_id", "aspect_confidence"])
    groups = services.regroup_opinions(meeting)
    messages.success(request, f"已重新归类，找到 {groups} 组相近意见。")
    return redirect("opinions", pk=meeting.pk)


def set_aspect(user, meeting: m.Meeting, opinion: m.Opinion, aspect_id: str) -> None:
    """The clerk's correction of an opinion's aspect (one row or many): it stays as set."""
    require(user, "manage_opinions", meeting)
    opinion.aspect_id = aspect_id
    opinion.aspect_confirmed = True


def claim(user, meeting: m.Meeting, opinion: m.Opinion, who: str) -> None:
    """认领 for the team ("team") or a member (its pk): clerk and secretary for anyone, a member
    only for himself and only opinions about himself or the team."""
    require(user, "claim_opinion", opinion)
    if who == "team":
        if not can(user, "claim_opinion", meeting):
            raise PermissionDenied("班子成员只能为本人认领。")
        opinion.claimed_by_team, opinion.claimed_member = True, None
        return
    member = m.Member.objects.filter(pk=who, team=meeting.team).first() if str(who).isdigit() else None
    if member is None:
        raise Http404
    if not can(user, "claim_opinion", meeting) and member != member_of(user):
        raise PermissionDenied("班子成员只能为本人认领。")
    opinion.claimed_member, opinion.claimed_by_team = member, False


@login_required
@require_POST
def opinion_update(request, pk):
    """Correct the aspect or the target, or 认领 (for the team or a member)."""
    opinion = get_object_or_404(m.Opinion, pk=pk)
    meeting = opinion.meeting
    action = request.POST.get("action")
    if action == "aspect":
        set_aspect(request.user, meeting, opinion, request.POST.get("aspect_id", ""))
    elif action == "claim":
        claim(request.user, meeting, opinion, request.POST.get("claimer", ""))
    elif action == "delete":
        require(request.user, "manage_opinions", meeting)
        _trace_deletion(request.user, opinion)
        opinion.delete()
        messages.success(request, "已删除这条意见。")
        return redirect("opinions", pk=meeting.pk)
    elif action == "unclaim":
        require(request.user, "claim_opinion", meeting)
        opinion.claimed_member, opinion.claimed_by_team = None, False
    else:
        raise Http404
    opinion.save()
    if request.headers.get("HX-Request"):  # htmx: only the row changes
        context = meeting_context(
            request,
            meeting,
            "opinions",
            o=opinion,
            names=services.aspect_names(meeting),
            aspects=list(services.aspect_names(meeting).items()),
            members=meeting.team.members.filter(active=True),
            me=member_of(request.user),
        )
        return render(request, "workbench/_opinion_row.html", context)
    messages.success(request, "已更新。")
    return redirect("opinions", pk=meeting.pk)


@login_required
@require_POST
def solicitation_add(request, pk):
    meeting = meeting_for(request, pk, "manage_opinions")
    form = f.SolicitationForm(request.POST, meeting=meeting)
    if form.is_valid():
        s = form.save(commit=False)
        s.meeting = meeting
        if open_link_for_target(s):
            messages.error(request, ONE_OPEN_LINK)
            return redirect("opinions", pk=meeting.pk)
        s.save()
        messages.success(request, "已生成征求意见链接，可打印二维码海报。")
    return redirect("opinions", pk=meeting.pk)


ONE_OPEN_LINK = (
    "同一对象（班子或某位成员）同时只能有一个开放的征求意见链接：几个链接分发给不同的人，"
    "就能从链接看出是谁提的意见。请使用已有的链接，或先关闭它。"
)


def open_link_for_target(s: m.Solicitation) -> bool:
    """Another open link of the same meeting for the same target (the team, or one member)."""
    others = m.Solicitation.objects.filter(meeting_id=s.meeting_id, is_open=True)
    others = others.filter(member__isnull=True) if s.member_id is None else others.filter(member_id=s.member_id)
    return others.exclude(pk=s.pk).exists() if s.pk else others.exists()


@login_required
@require_POST
def solicitation_toggle(request, pk):
    s = get_object_or_404(m.Solicitation, pk=pk)
    require(request.user, "manage_opinions", s.meeting)
    if not s.is_open and open_link_for_target(s):
        messages.error(request, ONE_OPEN_LINK)
        return redirect("opinions", pk=s.meeting_id)
    s.is_open = not s.is_open
    s.save(update_fields=["is_open"])
    if not s.is_open:  # a closed link's opinions are complete: their stored order must not tell their arrival
        reshuffle_after_commit()
    return redirect("opinions", pk=s.meeting_id)


def qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


@login_required
def solicitation_poster(request, pk):
    s = get_object_or_404(m.Solicitation.objects.select_related("meeting", "meeting__team", "member"), pk=pk)
    require(request.user, "view_meeting", s.meeting)
    base = public_base(request, s.meeting.team.public_url)
    url = full_address(base, reverse("public_opinion", args=[s.token]))
    return render(
        request,
        "workbench/poster.html",
        {
            "s": s,
            "url": url,
            "svg": mark_safe(qr_svg(url)),
            "meeting": s.meeting,
            "address_warnings": warnings_for(base),
            "aspect": services.aspect_names(s.meeting).get(s.aspect_id, ""),
        },
    )


PUBLIC_LINK_FIELDS = (
    "is_open",
    "aspect_id",
    "meeting_id",
    "member_id",
    "meeting__title",
    "meeting__framework_id",
    "meeting__team__name",
    "member__name",
    "member__title",
    "team_members",
)


@dataclass(frozen=True)
class PublicLink:
    """What the anonymous form needs about its link, read in one query."""

    token: str
    is_open: bool
    aspect_id: str
    meeting_id: int
    member_id: int | None
    meeting_title: str
    framework_id: str
    team_name: str
    member_name: str | None
    member_title: str | None
    members: tuple[tuple[int, str, str], ...] | None  # (id, name, title) of active members: team links only

    def member_named(self, pk: int | None) -> str | None:
        return next((name for key, name, _title in self.members or () if key == pk), None)


class JSONRows(Aggregate):
    """The aggregated rows as one JSON text of arrays ([[1, "李华", …], …]) on SQLite and PostgreSQL."""

    function = "json_group_array"
    template = "%(function)s(json_array(%(expressions)s))"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="json_agg(json_build_array(%(expressions)s))::text", **extra)


@lru_cache(maxsize=8)
def _public_link_sql(alias: str, with_members: bool) -> str:
    """The ORM's SQL for a link with its meeting, team, member and (with_members) the active members
    of the team for a link to the whole team, compiled once per process: compiling this join cost
    more CPU than the rest of a submission together. The member list is a subquery of the same
    statement, not a second query; a submission that names no member does without it."""
    links = m.Solicitation.objects.using(alias).filter(token="")
    if with_members:
        members = (
            m.Member.objects.filter(team_id=OuterRef("meeting__team_id"), active=True)
            .order_by()
            .values("team_id")
            .annotate(rows=JSONRows("id", "name", "title", "is_head", "order"))
            .values("rows")
        )
        links = links.annotate(
            team_members=Case(
                When(member_id__isnull=True, then=Subquery(members)), default=None, output_field=TextField()
            )
        )
    else:
        links = links.annotate(team_members=Value(None, output_field=TextField()))
    sql, params = links.values_list(*PUBLIC_LINK_FIELDS).query.sql_with_params()
    assert list(params) == [""], params
    return sql


def _member_choices(rows_json: str | None) -> tuple[tuple[int, str, str], ...]:
    rows = json.loads(rows_json) if rows_json else []
    rows.sort(key=lambda r: (not r[3], r[4], r[0]))  # the Member ordering: the head first, then by order
    return tuple((int(r[0]), str(r[1]), str(r[2])) for r in rows)


def public_link(token: str, with_members: bool = True) -> PublicLink | None:
    """The link in one query; `members` is None on a member's link, and on a team's link read
    without them (with_members=False)."""
    from django.db import connections, router

    alias = router.db_for_read(m.Solicitation)
    with connections[alias].cursor() as cursor:
        cursor.execute(_public_link_sql(alias, with_members), [token])
        row = cursor.fetchone()
    if not row:
        return None
    (is_open, aspect_id, meeting_id, member_id, meeting_title, framework_id, team_name, member_name, member_title) = (
        row[:-1]
    )
    members = row[-1]
    return PublicLink(
        token,
        is_open,
        aspect_id,
        meeting_id,
        member_id,
        meeting_title,
        framework_id,
        team_name,
        member_name,
        member_title,
        members=_member_choices(members) if with_members and not member_id else None,
    )


@lru_cache(maxsize=256)
def thanks_page(link: PublicLink, target_name: str | None) -> str:
    """The answer to a stored opinion. It depends on the link and the chosen member only (no form,
    no CSRF token, no account), so it is rendered once per link, member and process, without the
    request's context processors."""
    return render_to_string("workbench/public_form.html", {"link": link, "thanks": True, "target_name": target_name})


@never_cache
def public_opinion(request, token):
    """The anonymous form. It stores the text, the target, the date — nothing about the giver:
    no account, no address, no browser, no time of day, and no session is created."""
    posting = request.method == "POST"
    # the member list is read only to show the form or to check a chosen member (the load-test path names none)
    link = public_link(token, with_members=not posting or bool(request.POST.get("target")))
    if link is None:
        return render(request, "workbench/public_form.html", {"unknown": True}, status=404)
    if not link.is_open:
        return render(request, "workbench/public_form.html", {"link": link, "closed": True}, status=410)
    form = f.PublicOpinionForm(request.POST or None, members=link.members)
    if posting and not form.is_valid() and link.member_id is None and link.members is None:
        link = public_link(token) or link  # the form is shown again, with its choice of member: a rare second query
        form = f.PublicOpinionForm(request.POST, members=link.members)
    context = {"link": link}
    if posting and form.is_valid():
        # stand-ins carrying only the keys (and the framework the classifier reads): no extra queries
        meeting = m.Meeting(pk=link.meeting_id, framework_id=link.framework_id)
        target_id = link.member_id or form.cleaned_data.get("target")
        target = m.Member(pk=target_id) if target_id else None
        # classified by its text only: inheriting the link's aspect would tell apart two links for one target
        services.add_opinion(meeting, form.cleaned_data["text"], "public_form", target=target)
        chosen = link.member_named(target_id) if not link.member_id else None
        return HttpResponse(thanks_page(link, chosen))
    framework = services.framework_by_id(link.framework_id)
    aspect = next((a.short_name for a in framework.aspects if a.id == link.aspect_id), "") if framework else ""
    return render(request, "workbench/public_form.html", dict(context, form=form, aspect=aspect))
