"""The record schema and YAML loading: valid records load, bad ones name file, line and column."""
from __future__ import annotations

import datetime as dt

import pytest

import qujat
from conftest import AKTOBE, ALMATY, base_record
from qujat import RecordError


@pytest.mark.parametrize("path", [ALMATY, AKTOBE])
def test_sample_records_load_fully_translated(path):
    record = qujat.load_record(path)
    assert record.agenda and record.awards
    assert record.missing_translations(["kk", "ru", "en"]) == []


def test_sample_records_carry_the_seed_facts():
    almaty, aktobe = qujat.load_record(ALMATY), qujat.load_record(AKTOBE)
    assert almaty.date == dt.date(2018, 7, 4) and aktobe.date == dt.date(2018, 7, 12)
    assert almaty.city["en"] == "Almaty" and "Aktobe" in aktobe.city["en"]
    assert [g.award for g in almaty.awards] == ["jubilee-medal"]
    assert [g.award for g in aktobe.awards] == ["federation-badge"]
    medal = " ".join(p.name["ru"] for p in almaty.awards[0].recipients)
    for name in ("Калиев", "Бекбас", "Бекжанов"):
        assert name in medal
    badge = " ".join(p.name["en"] for p in aktobe.awards[0].recipients)
    assert "Rumyantsev" in badge and "Kharrasov" in badge


def test_plain_string_counts_as_record_language(write_record):
    record = qujat.load_record(write_record(base_record(title="Только по-русски")))
    missing = record.missing_translations(["kk", "ru", "en"])
    assert any("title has no kk, en text" in msg for _, msg in missing)
    assert not any("title has no ru" in msg for _, msg in missing)
    assert missing[0][0].line is not None


def _error(path) -> RecordError:
    with pytest.raises(RecordError) as info:
        qujat.load_record(path)
    return info.value


def test_broken_yaml_names_line_and_column(write_record):
    path = write_record("language: ru\ntitle: [unclosed\ndate: 2018-07-04\n")
    err = _error(path)
    assert str(path) in err.render() and err.location.line == 3
    assert "broken YAML" in err.render()


def test_unknown_field_with_suggestion(write_record):
    data = base_record()
    data["agenda"][0]["resolutons"] = data["agenda"][0].pop("resolutions")
    err = _error(write_record(data))
    assert "unknown field 'resolutons'" in err.render() and "did you mean 'resolutions'" in err.render()
    assert err.location.line is not None and err.location.line > 1


def test_missing_field_reported_at_its_parent(write_record):
    data = base_record()
    del data["chair"]
    err = _error(write_record(data))
    assert "'chair' is required" in err.render()


def test_bad_date(write_record):
    text = write_record(base_record()).read_text(encoding="utf-8").replace("2018-07-04", "2018-13-45")
    err = _error(write_record(text))
    assert "date" in err.render() and "YYYY-MM-DD" in err.render()
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "2018-13-45" in row)
    assert err.location.line == line


def test_wrong_language_code(write_record):
    err = _error(write_record(base_record(language="fr")))
    assert "'fr' is not a language" in err.render() and "kk" in err.render()
    err = _error(write_record(base_record(title={"russian": "Текст"})))
    assert "'russian' is not a language code" in err.render()


def test_control_characters_refused(write_record):
    path = write_record(base_record(title="Bad\x07bell"))
    err = _error(path)
    assert "U+0007" in err.render() and err.location.line is not None


def test_duplicate_keys_are_an_error(write_record):
    err = _error(write_record("language: ru\nlanguage: kk\n"))
    assert "duplicate key 'language'" in err.render() and err.location.line == 2


def test_every_problem_reported_at_once(write_record):
    data = base_record()
    del data["chair"]
    data["colour"] = "red"
    err = _error(write_record(data))
    assert len(err.problems) == 2


def test_missing_file_and_empty_file(tmp_path, write_record):
    assert "no such file" in _error(tmp_path / "nope.yaml").render()
    assert "empty" in _error(write_record("")).render()


def test_unusual_but_valid_text_is_kept(write_record):
    name = "Әбдірайым «Бақытжан» & <Zharylkasynuly> " + "Ө" * 80
    record = qujat.load_record(write_record(base_record(chair={"name": name})))
    assert record.chair.name["*"] == name


def test_json_schema_describes_the_record():
    schema = qujat.Record.model_json_schema(by_alias=True)
    assert {"language", "organisation", "date", "agenda"} <= set(schema["required"])
    assert "for" in schema["$defs"]["Vote"]["properties"]


@pytest.mark.parametrize("change, expected", [
    ({"chair": "Абдирайым Б.Ж."}, "chair is a person: write chair: {name: ..., position: ...}"),
    ({"attendees": ["Бекбас О.Т."]}, "attendees[0]: a person in a list is a mapping with name: write - name: ..."),
    ({"number": 7.5}, 'number: quote the number so it stays as written: number: "7.5"'),
])
def test_errors_speak_the_record_fields(write_record, change, expected):
    err = _error(write_record(base_record(**change)))
    assert err.problems[0][1].startswith(expected), err.render()
    assert "Input should be" not in err.render()


@pytest.mark.parametrize("votes", [{"for": "many"}, {"for": 12.5}, {"for": -1}, {"for": 10**32}, {"for": True}])
def test_vote_counts_are_whole_numbers_in_range(write_record, votes):
    agenda = base_record()["agenda"]
    agenda[0]["resolutions"][0]["vote"] = votes
    err = _error(write_record(base_record(agenda=agenda)))
    assert "a vote count is a whole number of people, 0 to 1,000,000" in err.render()


def test_unknown_field_suggests_only_fields_of_its_place(write_record):
    agenda = base_record()["agenda"]
    agenda[0]["name"] = "Жұмыс"
    err = _error(write_record(base_record(agenda=agenda)))
    message = err.problems[0][1]
    assert message.startswith("unknown field 'name'; here: title, rapporteur") and "did you mean 'name'" not in message


def test_values_keep_the_text_as_typed(write_record):
    text = write_record(base_record()).read_text(encoding="utf-8")
    text = text.replace("language: ru", "language: ru\nnumber: 010\nvenue: 12:30", 1)
    text = text.replace("- name: Бекбас О.Т.\n  position: председатель", "- name: No\n  position: Yes", 1)
    record = qujat.load_record(write_record(text))
    assert record.number == "010" and record.venue == {"*": "12:30"}
    assert record.attendees[0].name == {"*": "No"} and record.attendees[0].position == {"*": "Yes"}


def test_a_vote_of_yes_is_an_error_not_one_vote(write_record):
    text = write_record(base_record()).read_text(encoding="utf-8").replace("for: 20", "for: yes", 1)
    err = _error(write_record(text))
    assert "vote.for: a vote count is a whole number of people" in err.render()


def test_merge_keys_are_refused_in_one_line(write_record):
    text = write_record(base_record()).read_text(encoding="utf-8")
    merged = text.replace("- name: Бекбас О.Т.", "- <<: *d\n  name: Бекбас О.Т.", 1)
    text = "defaults: &d {position: председатель}\n" + merged
    err = _error(write_record(text))
    assert any("merge keys (<<) are not supported" in message for _, message in err.problems)
