"""Properties that must hold for any input (small, bounded hypothesis runs)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from duizhao.cycle.classify import classify_opinion, group_near_duplicates
from duizhao.cycle.draft import REWRITE_MARK, assemble_draft
from duizhao.cycle.meeting import quorum
from duizhao.cycle.schedule import plan_timetable
from duizhao.frameworks import get_framework

FRAMEWORK = get_framework("dsh-2025")
chinese = st.text(alphabet=st.sampled_from("会议学习群众党性纪律廉洁担当作风公车一是，。、【】=+ \n"), max_size=60)
BOUNDED = settings(max_examples=60, deadline=None)


@BOUNDED
@given(st.one_of(st.text(max_size=80), chinese))
def test_classify_never_raises_and_stays_in_range(text):
    result = classify_opinion(text, FRAMEWORK)
    assert result.aspect_id is None or FRAMEWORK.aspect(result.aspect_id) is not None
    assert 0.0 <= result.confidence <= 1.0


@BOUNDED
@given(st.lists(chinese, max_size=12), st.floats(0.05, 1.0))
def test_groups_are_disjoint_and_in_range(texts, threshold):
    groups = group_near_duplicates(texts, threshold)
    seen = [i for g in groups for i in g]
    assert len(seen) == len(set(seen)) and all(0 <= i < len(texts) for i in seen)
    assert all(len(g) >= 2 for g in groups)


@BOUNDED
@given(st.integers(0, 60), st.integers(-5, 70))
def test_quorum_needed_is_the_smallest_two_thirds(expected, present):
    result = quorum(expected, present)
    if expected > 0 and 0 <= present <= expected:
        assert result.ok == (3 * present >= 2 * expected)
        assert 3 * result.needed >= 2 * expected > 3 * (result.needed - 1)
    else:
        assert not result.ok


@BOUNDED
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_timetable_is_sorted_around_the_meeting(day):
    plan = plan_timetable(day)
    assert [d.due for d in plan] == sorted(d.due for d in plan)
    assert any(d.key == "meeting" and d.due == day for d in plan)


@BOUNDED
@given(st.lists(chinese, max_size=6))
def test_draft_marks_every_input_and_invents_nothing(texts):
    draft = assemble_draft(FRAMEWORK, [{"text": t} for t in texts], kind="personal", title="测试", author="某")
    kept = [t for t in texts if " ".join(t.split()).rstrip("。；;，, ")]
    assert draft.count("【来源：征求意见第") + draft.count("（来源：征求意见第") == len(kept)
    assert draft.count(REWRITE_MARK) <= len(kept)
