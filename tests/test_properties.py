"""Property-based tests: whatever a record or a name holds, qujat renders it or fails with its own
error type (QujatError), never another exception."""
from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import qujat
from conftest import base_record
from qujat import QujatError

KAZAKH = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
# all of Unicode but lone surrogates (which no file can hold), weighted towards Kazakh letters,
# markup and control characters
any_char = st.characters(exclude_categories=("Cs",))
MARKUP = "<>&\"'«»—№{}%\x07\x00\t\n"
text = st.text(st.one_of(any_char, st.sampled_from(list(KAZAKH + MARKUP))), min_size=0, max_size=60)
names = st.text(st.one_of(any_char, st.sampled_from(list(KAZAKH + "<>&«»"))), min_size=1, max_size=130)
yaml_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text,
                                     st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                           max_leaves=20)
FIELDS = ["language", "organisation", "meeting", "date", "city", "title", "chair", "attendees", "agenda",
          "awards", "number", "secretary", "venue", "invited", "attendees_note"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def _write(tmp_path, content: str):
    path = tmp_path / "r.yaml"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    return path


@SETTINGS
@given(raw=st.text(max_size=300))
def test_any_text_as_a_record_loads_or_fails_cleanly(tmp_path, raw):
    try:
        qujat.load_record(_write(tmp_path, raw))
    except QujatError as error:
        assert error.render()


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=5))
def test_any_field_values_load_or_fail_cleanly(tmp_path, changes):
    data = base_record(**changes)
    try:
        qujat.load_record(_write(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
    except QujatError as error:
        assert error.render()


@SETTINGS
@given(title=text, name=names, position=text, lang=st.sampled_from(["kk", "ru", "en", "kk-Latn", "kk+ru"]))
def test_minutes_render_any_texts_or_fail_cleanly(tmp_path, title, name, position, lang):
    data = base_record(title={"kk": title or "x", "ru": title or "x"},
                       attendees=[{"name": name, "position": position or None}])
    try:
        record = qujat.load_record(_write(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
        path = qujat.render_minutes(record, tmp_path / "m.docx", lang=lang)
    except QujatError as error:
        assert error.render()
        return
    assert path.stat().st_size > 0


@SETTINGS
@given(name=names, position=text, lang=st.sampled_from(["kk", "ru", "en"]),
       award=st.sampled_from(["jubilee-medal", "federation-badge"]))
@example(name=" \u00a0\t", position="", lang="kk", award="jubilee-medal")  # a blank name is refused
def test_certificates_render_any_name_or_fail_cleanly(tmp_path, name, position, lang, award):
    try:
        path = qujat.render_certificate(award, {"name": name, "position": position or None}, tmp_path / "c.pdf",
                                        lang=lang, date=dt.date(2018, 7, 4))
    except QujatError as error:
        assert error.render()
        return
    from pypdf import PdfReader

    assert name.strip(), f"the blank name {name!r} was printed"  # "recipient name must not be empty"
    extracted = "".join(PdfReader(str(path)).pages[0].extract_text().split())
    assert "".join(name.split())[:5] in extracted
