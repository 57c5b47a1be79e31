"""The meeting cycle core: timetable, agenda and quorum, talks, opinion classification, the
rectification ledger (.xlsx out and in), minutes and reports (.docx), recurrence and first drafts.

Plain Python only (no Django, no database): the workbench passes dataclasses or dicts in and
stores what comes back. Rule numbers and word lists live in `duizhao/data/cycle/`.
"""
