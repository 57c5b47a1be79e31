from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from duizhao.web.workbench.views import (
    archive,
    chain,
    feedback,
    frameworks,
    ledger,
    materials,
    opinion_bulk,
    opinions,
    reports,
    session,
    setup,
    talks,
)

admin.site.site_header = "对照 · 系统管理"
admin.site.site_title = "对照"

urlpatterns = [
    path("", setup.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="workbench/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", setup.PasswordChange.as_view(), name="password_change"),
    path("password/done/", RedirectView.as_view(pattern_name="home"), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("audit/", include("duizhao.web.audit.urls")),
    # set-up
    path("teams/new/", setup.team_new, name="team_new"),
    path("teams/<int:pk>/", setup.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/add/", setup.member_add, name="member_add"),
    path("teams/<int:pk>/settings/", setup.team_settings, name="team_settings"),
    path("teams/<int:pk>/meetings/new/", setup.meeting_new, name="meeting_new"),
    path("frameworks/add/", frameworks.framework_add, name="framework_add"),
    path("teams/<int:pk>/accounts/", setup.team_account, name="team_account"),
    path("members/<int:pk>/", setup.member_edit, name="member_edit"),
    path("members/<int:pk>/account/", setup.member_account, name="member_account"),
    path("meetings/<int:pk>/", setup.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", setup.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/dashboard.json", setup.dashboard_data, name="dashboard_data"),
    path("deadlines/<int:pk>/done/", setup.deadline_done, name="deadline_done"),
    # opinions
    path("meetings/<int:pk>/opinions/", opinions.opinion_list, name="opinions"),
    path("meetings/<int:pk>/opinions/add/", opinions.opinion_add, name="opinion_add"),
    path("meetings/<int:pk>/opinions/import/", opinions.opinion_import, name="opinion_import"),
    path("meetings/<int:pk>/opinions/regroup/", opinions.opinion_regroup, name="opinion_regroup"),
    path("opinions/<uuid:pk>/", opinions.opinion_update, name="opinion_update"),
    path("meetings/<int:pk>/opinions/bulk/", opinion_bulk.opinion_bulk, name="opinion_bulk"),
    path("meetings/<int:pk>/solicitations/add/", opinions.solicitation_add, name="solicitation_add"),
    path("solicitations/<int:pk>/toggle/", opinions.solicitation_toggle, name="solicitation_toggle"),
    path("solicitations/<int:pk>/poster/", opinions.solicitation_poster, name="solicitation_poster"),
    path("yijian/<str:token>/", opinions.public_opinion, name="public_opinion"),
    # talks
    path("meetings/<int:pk>/talks/", talks.talk_list, name="talks"),
    path("meetings/<int:pk>/talks/add/", talks.talk_add, name="talk_add"),
    path("talks/<int:pk>/edit/", talks.talk_edit, name="talk_edit"),
    path("talks/<int:pk>/delete/", talks.talk_delete, name="talk_delete"),
    # materials
    path("meetings/<int:pk>/materials/", materials.material_list, name="materials"),
    path("materials/<int:pk>/", materials.material_detail, name="material_detail"),
    path("materials/<int:pk>/save/", materials.material_save, name="material_save"),
    path("materials/<int:pk>/import/", materials.material_import, name="material_import"),
    path("materials/<int:pk>/draft/", materials.material_draft, name="material_draft"),
    path("materials/<int:pk>/status/", materials.material_status, name="material_status"),
    path("materials/<int:pk>/annotated/", materials.material_annotated, name="material_annotated"),
    path("materials/<int:pk>/download.<str:fmt>", materials.material_download, name="material_download"),
    # the chain: opinion → problem → task
    path("materials/<int:pk>/chain/", chain.material_chain, name="material_chain"),
    path("materials/<int:pk>/chain/link/", chain.link_add, name="link_add"),
    path("materials/<int:pk>/chain/record/", chain.material_record, name="material_record"),
    path("links/<int:pk>/<str:state>/", chain.link_state, name="link_state"),
    path("materials/<int:pk>/ledger-proposal/", chain.ledger_proposal, name="ledger_proposal"),
    path("meetings/<int:pk>/trace/", chain.meeting_trace, name="meeting_trace"),
    path("meetings/<int:pk>/trace/record/", chain.meeting_record, name="meeting_record"),
    # telling the people: 汇总表, the public 反馈 page, the 通报
    path("meetings/<int:pk>/opinion-sheet/<str:subject>.<str:fmt>", feedback.opinion_sheet, name="opinion_sheet"),
    path("meetings/<int:pk>/feedback/", feedback.feedback_manage, name="feedback_manage"),
    path("meetings/<int:pk>/feedback/publish/", feedback.feedback_publish, name="feedback_publish"),
    path("meetings/<int:pk>/feedback/poster/", feedback.feedback_poster, name="feedback_poster"),
    path("meetings/<int:pk>/feedback/notice.docx", feedback.feedback_notice, name="feedback_notice"),
    path("fankui/<str:token>/", feedback.public_feedback, name="public_feedback"),
    # the meeting itself
    path("meetings/<int:pk>/session/", session.session, name="session"),
    path("meetings/<int:pk>/session/save/", session.session_save, name="session_save"),
    path("meetings/<int:pk>/session/criticisms/", session.criticism_add, name="criticism_add"),
    path("meetings/<int:pk>/session/comment/", session.supervisor_comment, name="supervisor_comment"),
    path("meetings/<int:pk>/session/announcements/", session.announcement_add, name="announcement_add"),
    path("criticisms/<int:pk>/delete/", session.criticism_delete, name="criticism_delete"),
    path("meetings/<int:pk>/minutes.docx", session.minutes_download, name="minutes_download"),
    # reports, next year, supervision
    path("meetings/<int:pk>/reports/", reports.report_list, name="reports"),
    path("meetings/<int:pk>/reports/<str:kind>/save/", reports.report_save, name="report_save"),
    path("meetings/<int:pk>/reports/<str:kind>.docx", reports.report_download, name="report_download"),
    path("meetings/<int:pk>/package.zip", reports.package_download, name="package_download"),
    path("meetings/<int:pk>/next/", reports.next_meeting, name="next_meeting"),
    path("meetings/<int:pk>/reports/versions/<int:version>/restore/", reports.report_restore, name="report_restore"),
    path("meetings/<int:pk>/remove/", reports.meeting_remove, name="meeting_remove"),
    path("meetings/<int:pk>/archive/", reports.meeting_archive, name="meeting_archive"),
    path("supervision/", reports.supervision, name="supervision"),
    # the unit's 查重 archive
    path("archive/", archive.archive, name="archive"),
    path("archive/add/", archive.archive_add, name="archive_add"),
    path("archive/add-meeting/", archive.archive_add_meeting, name="archive_add_meeting"),
    path("archive/remove/", archive.archive_remove, name="archive_remove"),
    # ledger
    path("meetings/<int:pk>/ledger/", ledger.ledger, name="ledger"),
    path("meetings/<int:pk>/ledger/add/", ledger.task_add, name="task_add"),
    path("meetings/<int:pk>/ledger/export.xlsx", ledger.ledger_export, name="ledger_export"),
    path("meetings/<int:pk>/ledger/import/", ledger.ledger_import, name="ledger_import"),
    path("tasks/<int:pk>/", ledger.task_detail, name="task_detail"),
    path("tasks/<int:pk>/close/", ledger.task_close, name="task_close"),
    path("tasks/<int:pk>/delete/", ledger.task_delete, name="task_delete"),
    path("tasks/<int:pk>/evidence/", ledger.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", ledger.evidence_download, name="evidence_download"),
]

handler403 = "duizhao.web.workbench.views.errors.forbidden"
handler404 = "duizhao.web.workbench.views.errors.not_found"
handler500 = "duizhao.web.workbench.views.errors.server_error"
