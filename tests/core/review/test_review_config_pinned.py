"""A unit's own rules folder, pinned: how a phrase list is read (blank lines and # comments
dropped, each line trimmed), which lists may be missing, and the error a broken folder gives."""

from __future__ import annotations

import shutil
from importlib import resources

import pytest

from duizhao.errors import InputError
from duizhao.review.config import OPTIONAL_LISTS, PHRASE_LISTS, load_review_config


@pytest.fixture
def own_folder(tmp_path):
    """A copy of the shipped rules data, to be changed by the test."""
    shipped = resources.files("duizhao") / "data" / "review"
    shutil.copytree(str(shipped), tmp_path / "review")
    return tmp_path / "review"


def test_phrase_list_drops_blank_lines_and_comments_and_trims_each_line(own_folder):
    (own_folder / "phrases" / "generic_problem.txt").write_text(
        "# 本单位自定的笼统说法\n\n  学习不够深入  \n\n# 下面一条来自去年的审读\n作风不够扎实\n   \n",
        encoding="utf-8",
    )
    config = load_review_config(own_folder)
    assert config.phrases["generic_problem"] == ("学习不够深入", "作风不够扎实")


def test_a_phrase_containing_a_hash_sign_is_kept(own_folder):
    (own_folder / "phrases" / "self_praise.txt").write_text("#注释\n成绩显著#1\n", encoding="utf-8")
    assert load_review_config(own_folder).phrases["self_praise"] == ("成绩显著#1",)


def test_optional_lists_are_read_when_present(own_folder):
    (own_folder / "phrases" / "formulas.txt").write_text("全面从严治党向纵深发展\n", encoding="utf-8")
    (own_folder / "phrases" / "restatement_synonyms.txt").write_text("学习 学用\n", encoding="utf-8")
    config = load_review_config(own_folder)
    assert config.phrases["formulas"] == ("全面从严治党向纵深发展",)
    assert config.phrases["restatement_synonyms"] == ("学习 学用",)
    assert set(config.phrases) == set(PHRASE_LISTS)


def test_optional_lists_may_be_missing_from_an_older_folder(own_folder):
    for name in OPTIONAL_LISTS:
        (own_folder / "phrases" / f"{name}.txt").unlink()
    config = load_review_config(own_folder)
    assert set(config.phrases) == set(PHRASE_LISTS) - set(OPTIONAL_LISTS)
    assert config.phrases["generic_problem"] == load_review_config().phrases["generic_problem"]


def test_a_missing_required_list_is_an_input_error_naming_the_folder(own_folder):
    (own_folder / "phrases" / "hope_instead.txt").unlink()
    with pytest.raises(InputError) as raised:
        load_review_config(own_folder)
    assert raised.value.path == str(own_folder)
    assert raised.value.reason.startswith("无法读取审读规则文件（")
    assert "hope_instead.txt" in raised.value.reason
    assert str(raised.value).startswith(f"{own_folder}：无法读取审读规则文件（")


def test_rules_not_in_utf8_are_an_input_error(own_folder):
    rules = own_folder / "rules.toml"
    rules.write_bytes(rules.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(InputError) as raised:
        load_review_config(own_folder)
    assert raised.value.path == str(own_folder) and "codec" in raised.value.reason


def test_broken_toml_is_an_input_error(own_folder):
    (own_folder / "rules.toml").write_text("[levels\nfail_errors = 3\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_review_config(own_folder)
    assert raised.value.path == str(own_folder) and raised.value.reason.startswith("无法读取审读规则文件（")
