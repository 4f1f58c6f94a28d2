"""``generate check`` on records that validate but hold a secretary's slip: one warning line each,
with the file and line, what is wrong and what to write instead (docs/record-reference.md)."""
from __future__ import annotations

import pytest

from conftest import base_record, run_cli
from qujat.records.consistency import quoted


def _line(path, text: str, after: str | None = None) -> int:
    """The number of the first line holding ``text`` (after the first line holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if after in line)) if after else 0
    return next(i for i, line in enumerate(lines, 1) if i > start and text in line)


def _check(path, *args: str) -> list[str]:
    done = run_cli("check", str(path), *args)
    assert done.returncode == 0, done.stderr
    warned = done.stderr.splitlines()
    plural = "" if len(warned) == 1 else "s"
    assert done.stdout == f"{path}: valid" + (f", {len(warned)} warning{plural}" if warned else "") + "\n"
    return warned


def _people(count: int) -> list[dict]:
    return [{"name": f"Участник{i} А.Б.", "position": "член"} for i in range(1, count + 1)]


def test_a_clean_record_has_nothing_to_warn_about(write_record):
    data = base_record(attendees=_people(23))
    assert _check(write_record(data)) == []


def test_more_votes_than_people_present(write_record):
    data = base_record(attendees=_people(40))
    data["agenda"][0]["resolutions"][0]["vote"] = {"for": 45}
    path = write_record(data)
    line = _line(path, "for: 45")
    assert _check(path) == [
        f"warning: {path}:{line}:7: agenda[0].resolutions[0].vote: 45 votes cast (45 for, 0 against, 0 abstained) "
        "but 40 people present (attendees): correct the counts, or list everyone present under attendees (or "
        "describe the others in attendees_note)"]


def test_votes_beyond_the_list_are_fine_when_others_are_described(write_record):
    data = base_record(attendees=_people(3), attendees_note="руководители филиалов")
    assert _check(write_record(data)) == []


def test_the_same_attendee_twice(write_record):
    people = _people(23)
    people.append({"name": "участник7  А. Б.", "position": "член"})
    path = write_record(base_record(attendees=people))
    first, second = _line(path, "Участник7 А.Б."), _line(path, "участник7  А. Б.")
    assert _check(path) == [f"warning: {path}:{second}:3: attendees[23]: «участник7  А. Б.» is listed twice "
                            f"(also attendees[6], line {first}): delete one of them"]


def test_the_same_recipient_twice_under_one_award_but_not_under_two(write_record):
    data = base_record(attendees=_people(23))
    twice = [{"name": "Калиев С.Е."}, {"name": "Бекбас О.Т."}, {"name": {"ru": "Калиев С.Е.", "kk": "С.Е. Қалиев"}}]
    data["awards"] = [{"award": "jubilee-medal", "recipients": twice},
                      {"award": "federation-badge", "recipients": [{"name": "Бекбас О.Т."}]}]
    path = write_record(data)
    first, third = _line(path, "- name: Калиев С.Е."), _line(path, "ru: Калиев С.Е.")
    assert _check(path) == [
        f"warning: {path}:{third - 1}:5: awards[0].recipients[2]: «Калиев С.Е.» is listed twice under this award "
        f"(also awards[0].recipients[0], line {first}): delete one of them, or two certificates of «jubilee-medal» "
        "are issued to the same person"]


def test_the_same_recipient_in_two_sections_of_one_award(write_record):
    data = base_record(attendees=_people(23))
    data["awards"] = [{"award": "jubilee-medal", "recipients": [{"name": "Калиев С.Е."}]},
                      {"award": "jubilee-medal", "occasion": "К юбилею.", "recipients": [{"name": "Калиев С.Е."}]}]
    path = write_record(data)
    first = _line(path, "- name: Калиев С.Е.")
    second = _line(path, "- name: Калиев С.Е.", after="occasion:")
    assert _check(path) == [
        f"warning: {path}:{second}:5: awards[1].recipients[0]: «Калиев С.Е.» is listed twice under this award "
        f"(also awards[0].recipients[0], line {first}): delete one of them, or two certificates of «jubilee-medal» "
        "are issued to the same person"]


@pytest.mark.parametrize("title, printed, bare", [
    ("«Взаимодействие»", "««Взаимодействие»»", "Взаимодействие"),
    ('"Взаимодействие"', '«"Взаимодействие"»', "Взаимодействие"),
])
def test_a_title_typed_in_quotation_marks(write_record, title, printed, bare):
    path = write_record(base_record(attendees=_people(23), title=title))
    line = _line(path, "title:")
    assert _check(path) == [f"warning: {path}:{line}:8: title is typed in quotation marks, which the minutes add "
                            f"themselves (it would print {printed}): write it without them, title: {bare}"]


def test_quotation_marks_inside_a_title_are_fine():
    assert not quoted("«Жарасым» жастар ұйымы және «Келешек» қанаты")
    assert not quoted("О молодёжном крыле «Келешек»")
    assert quoted("«Об итогах работы «Келешек»»")


def test_the_city_word_typed_in_the_city(write_record):
    path = write_record(base_record(attendees=_people(23), city={"ru": "г. Караганда", "kk": "Қарағанды қ.",
                                                                  "en": "Karaganda"}))
    ru, kk = _line(path, "ru: г. Караганда"), _line(path, "kk: Қарағанды қ.")
    assert _check(path) == [
        f"warning: {path}:{ru}:7: city «г. Караганда» already has «г.», which the minutes add themselves (it "
        "would print «г. г. Караганда»): write the name alone, city: Караганда",
        f"warning: {path}:{kk}:7: city «Қарағанды қ.» already has «қ.», which the minutes add themselves (it "
        "would print «Қарағанды қ. қ.»): write the name alone, city: Қарағанды"]


def test_the_city_word_written_out_in_the_city(write_record):
    """«город Караганда», «Қарағанды қаласы»: the minutes add «г.» / «қ.» before or after it."""
    path = write_record(base_record(attendees=_people(23), city={"ru": "город Караганда", "kk": "Қарағанды қаласы",
                                                                  "en": "Karaganda city"}))
    ru, kk = _line(path, "ru: город Караганда"), _line(path, "kk: Қарағанды қаласы")
    assert _check(path) == [
        f"warning: {path}:{ru}:7: city «город Караганда» already has «город»; the minutes add «г.» themselves (it "
        "would print «г. город Караганда»): write the name alone, city: Караганда",
        f"warning: {path}:{kk}:7: city «Қарағанды қаласы» already has «қаласы»; the minutes add «қ.» themselves (it "
        "would print «Қарағанды қаласы қ.»): write the name alone, city: Қарағанды"]
    done = run_cli("--ui-lang", "kk", "check", str(path))
    assert done.stderr.splitlines()[1] == (
        f"ескерту: {path}:{kk}:7: «Қарағанды қаласы» қаласының атында «қаласы» бар, ал хаттама «қ.» сөзін өзі "
        "қосады («Қарағанды қаласы қ.» болып басылады): тек атауын жазыңыз, city: Қарағанды")


@pytest.mark.parametrize("ru", ["Гурьев", "Городище"])
def test_a_city_whose_name_only_looks_like_the_word(write_record, ru):
    path = write_record(base_record(attendees=_people(23), city={"ru": ru, "kk": "Атырау", "en": "Atyrau"}))
    assert _check(path) == []


def test_check_without_lang_asks_only_for_the_records_own_language(write_record):
    """A record written in plain Kazakh: without --lang, not one line about English (or Russian)."""
    data = base_record(language="kk", attendees=[{"name": f"Қатысушы{i} А.Б.", "position": "мүше"}
                                                  for i in range(1, 24)],
                       organisation="Кәсіподақтар федерациясы", meeting="кеңестің", city="Алматы",
                       title="Өзара іс-қимыл", chair={"name": "Б.Ж. Әбдірайым"})
    path = write_record(data)
    assert _check(path) == []
    asked = _check(path, "--lang", "kk,en")
    assert len(asked) == 53 and all(line.endswith("has no en text") for line in asked)


def test_an_attendee_also_listed_as_invited(write_record):
    """Nobody is both a member present and a guest: the second listing is the slip."""
    data = base_record(attendees=_people(23), invited=[{"name": "Калиев С.Е.", "position": "гость"},
                                                       {"name": "Участник7 А.Б.", "position": "гость"}])
    path = write_record(data)
    first, second = _line(path, "Участник7 А.Б."), _line(path, "Участник7 А.Б.", after="invited:")
    assert _check(path) == [f"warning: {path}:{second}:3: invited[1]: «Участник7 А.Б.» is listed twice "
                            f"(also attendees[6], line {first}): delete one of them"]


@pytest.mark.parametrize("typed", ["А.Б. Участник7", "А. Б. Участник7", "Участник7 A.Б."])
def test_the_same_attendee_with_the_initials_moved_or_a_latin_letter(write_record, typed):
    """«А.Б. Участник7» is «Участник7 А.Б.» written the other way round; a Latin «A» typed for
    the Cyrillic one changes nobody either."""
    people = _people(23)
    people.append({"name": typed, "position": "член"})
    path = write_record(base_record(attendees=people))
    first, second = _line(path, "Участник7 А.Б."), _line(path, typed)
    assert _check(path) == [f"warning: {path}:{second}:3: attendees[23]: «{typed}» is listed twice "
                            f"(also attendees[6], line {first}): delete one of them"]


def test_initials_in_another_order_are_another_person(write_record):
    people = _people(23)
    people.append({"name": "Участник7 Б.А.", "position": "член"})
    assert _check(write_record(base_record(attendees=people))) == []
