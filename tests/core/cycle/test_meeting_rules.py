"""The meeting rules of cycle/meeting.py on each side of every condition: who counts as head,
which agenda a framework gets, how criticisms are counted and warned about, and the ratio words."""

from dataclasses import dataclass
from fractions import Fraction

import pytest

from duizhao.cycle.meeting import criticism_matrix, parse_ratio, quorum, standard_agenda
from duizhao.errors import InputError
from duizhao.frameworks import get_framework

NAMES = ["张明", "李华", "王强"]


@dataclass
class Criticism:
    giver: str
    receiver: str


@dataclass
class Person:
    name: str
    is_head: bool = False


def test_criticisms_as_tuples_dicts_and_objects_are_counted_per_pair():
    criticisms = [
        ("张明", "李华"),
        {"giver": " 张明 ", "receiver": "李华"},
        Criticism("李华", "王强"),
        ["王强", "张明", "extra"],
    ]
    matrix = criticism_matrix(NAMES, criticisms)
    assert matrix.names == NAMES
    assert matrix.counts == [[0, 2, 0], [0, 0, 1], [1, 0, 0]]
    assert matrix.received == {"张明": 1, "李华": 2, "王强": 1}
    assert matrix.given == {"张明": 2, "李华": 1, "王强": 1}
    assert matrix.warnings == []
    assert matrix.to_dict() == {
        "names": NAMES,
        "counts": matrix.counts,
        "received": matrix.received,
        "given": matrix.given,
        "warnings": [],
    }


def test_unknown_and_self_criticisms_are_skipped_and_the_rest_still_counted():
    criticisms = [
        ("赵六", "孙七"),
        ("张明", "张明"),
        ("张明", "李华"),
        ("李华", "张明"),
        ("王强", "张明"),
        ("张明", "王强"),
    ]
    matrix = criticism_matrix(NAMES, criticisms)
    assert matrix.counts == [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    assert matrix.warnings == ["批评意见涉及非班子成员“赵六、孙七”，未计入"]


def test_a_criticism_without_giver_or_receiver_is_named_as_such():
    matrix = criticism_matrix(NAMES, [{"giver": "张明"}, {"receiver": "李华"}, Criticism(" ", "李华")])
    assert matrix.counts == [[0, 0, 0]] * 3
    assert matrix.warnings[:3] == ["有一条批评意见未写明批评人或被批评人，未计入"] * 3


def test_warnings_name_who_received_or_gave_none():
    matrix = criticism_matrix(NAMES, [("张明", "李华"), ("李华", "张明")])
    assert matrix.warnings == ["王强未收到任何批评意见，批评应人人有份、见人见事", "王强未向其他成员提出批评意见"]
    alone = criticism_matrix(["张明"], [])
    assert alone.warnings == ["张明未收到任何批评意见，批评应人人有份、见人见事"]  # no one to criticise
    pair = criticism_matrix(["张明", "李华"], [("张明", "李华")])
    assert pair.warnings == ["张明未收到任何批评意见，批评应人人有份、见人见事", "李华未向其他成员提出批评意见"]


def per_member_speakers(agenda):
    return [item.speaker for item in agenda if item.key.startswith("member_checks:")]


def test_the_head_is_left_out_of_the_per_member_items_wherever_listed():
    members = [Person("李华"), Person("张明", is_head=True), Person("王强")]
    assert per_member_speakers(standard_agenda(members=members)) == ["李华", "王强"]
    as_dicts = [{"name": "李华", "is_head": False}, {"name": "张明", "is_head": True}]
    assert per_member_speakers(standard_agenda(members=as_dicts)) == ["李华"]
    unmarked = [{"name": "李华"}, {"name": "张明", "is_head": True}, Person("王强")]  # no is_head: not the head
    assert per_member_speakers(standard_agenda(members=unmarked)) == ["李华", "王强"]
    assert per_member_speakers(standard_agenda(members=["张明", "李华", "王强"])) == ["李华", "王强"]  # first is head
    assert per_member_speakers(standard_agenda(members=[])) == []
    agenda = standard_agenda(members=["张明", "李华"])
    assert [item.order for item in agenda] == list(range(1, len(agenda) + 1))
    item = next(item for item in agenda if item.key == "member_checks:李华")
    assert item.title == "李华作个人对照检查，其他成员提出批评意见，本人表态" and item.kind == "personal_check"
    keys = [item.key for item in agenda]
    assert keys.index("head_check") < keys.index("member_checks:李华") < keys.index("supervisor_comment")


def test_the_agenda_follows_the_frameworks_meeting_kind():
    democratic = standard_agenda()
    assert [a.key for a in standard_agenda({"meeting_kind": "democratic_life"})] == [a.key for a in democratic]
    assert [a.key for a in standard_agenda({"meeting_kind": "no_such_kind"})] == [a.key for a in democratic]
    organisational = standard_agenda({"meeting_kind": "organisational_life"})
    assert organisational[0].speaker == "支部书记" and democratic[0].speaker == "主要负责人"
    assert standard_agenda(get_framework("osh-2024"))[0].speaker == "支部书记"


def test_extra_announcements_follow_the_last_announcement_with_its_speaker():
    agenda = standard_agenda({"meeting_kind": "democratic_life", "announcements": ["甲事项情况", "乙事项情况"]})
    extra = [a for a in agenda if a.key.startswith("announcement_")]
    assert [(a.key, a.title, a.speaker, a.kind) for a in extra] == [
        ("announcement_1", "通报甲事项情况", "主要负责人", "announcement"),
        ("announcement_2", "通报乙事项情况", "主要负责人", "announcement"),
    ]
    assert [a.key for a in agenda][2:5] == ["inquiries", "announcement_1", "announcement_2"]
    assert len(standard_agenda({"meeting_kind": "democratic_life", "announcements": None})) == len(standard_agenda())


@pytest.mark.parametrize(
    "ratio,words",
    [("2/3", "应到人数的三分之二"), ("90%", "应到人数的90%"), ("3/4", "应到人数的75%"), ("5/7", "应到人数的5/7")],
)
def test_quorum_words_of_the_ratio(ratio, words):
    assert f"达到{words}（" in quorum(10, 10, ratio).message


def test_parse_ratio_limits_and_forms():
    assert parse_ratio(0.9) == Fraction(9, 10)  # a float is read as written, not as its binary value
    assert parse_ratio("90%") == parse_ratio(" 90% ") == Fraction(9, 10)
    assert parse_ratio(Fraction(1)) == 1
    for bad in (0, "0", "0%", "101%", Fraction(4, 3), "-1/2", "1/0", None, "abc"):
        with pytest.raises(InputError):
            parse_ratio(bad)


def test_quorum_with_nobody_present_is_a_plain_refusal_not_a_data_error():
    result = quorum(3, 0)
    assert not result.ok and result.needed == 2
    assert result.message == "应到3人，实到0人，未达到应到人数的三分之二（至少2人），不能召开，应另行安排"
    assert quorum(3, 4).message == "实到人数4不在0到应到人数3之间，请核对"
    assert quorum(3, -1).needed == 2 and "请核对" in quorum(3, -1).message
    assert quorum(0, 0) == quorum(-1, 0)
    assert quorum(0, 0).message == "应到人数须大于0" and quorum(0, 0).needed == 0
