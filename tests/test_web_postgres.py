"""The public page over a PostgreSQL registry, as the role docs/verify.md creates (SELECT on the
tables it needs, read-only transactions): every check answered, nothing can be written."""
from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest
import sqlalchemy
from starlette.testclient import TestClient

from conftest import ROOT
from public_site import IIN, REASON
from qujat.registry.recording import RegistryIssuing
from qujat.registry.store import Registry, registry_url
from qujat.web.public import PublicConfig, open_page, public_app
from test_registry_postgres import fresh_postgres, postgres_url  # noqa: F401 (fixtures)


def _documented_sql() -> str:
    text = (ROOT / "docs" / "verify.md").read_text(encoding="utf-8")
    return re.search(r"```sql\n(.*?)```", text, re.DOTALL).group(1)  # type: ignore[union-attr]


def _as_role(url: str, role: str) -> str:
    return re.sub(r"postgresql://[^@]*@", f"postgresql://{role}@", url)


def test_the_page_reads_postgres_as_a_select_only_role(fresh_postgres, tmp_path):  # noqa: F811
    import qujat

    with Registry.open(fresh_postgres, signing_key=tmp_path / "signing.key", create=True) as registry:
        for name, iin in (("Нұрғалиева Айгерім Ержанқызы", IIN), ("Бекбас О.Т.", None)):
            qujat.render_certificate("jubilee-medal", {"name": name, "position": "бухгалтер"}, tmp_path / f"{name}.pdf",
                                     lang="ru", iin=iin, issuing=RegistryIssuing(registry))
        registry.revoke("A20-0002", REASON)
        payloads = {e.number: e.payload for e in registry.list()}
    role = f"qujat_public_{uuid.uuid4().hex[:8]}"
    sql = _documented_sql().replace("qujat_public", role).replace("DATABASE qujat", "DATABASE postgres")
    engine = sqlalchemy.create_engine(registry_url(fresh_postgres))
    with engine.begin() as conn:
        for statement in filter(str.strip, sql.split(";")):
            conn.exec_driver_sql(statement)
    engine.dispose()
    reader = _as_role(fresh_postgres, role)
    page = open_page(PublicConfig(reader))
    try:
        with TestClient(public_app(page.config, page), client=("203.0.113.5", 1)) as client:
            genuine = client.get(f"/en/?c={quote(payloads['A20-0001'])}").text
            assert 'class="verdict genuine"' in genuine and "Нұрғалиева" in genuine and IIN not in genuine
            revoked = client.get(f"/en/?c={quote(payloads['A20-0002'])}").text
            assert 'class="verdict revoked"' in revoked and "болезн" not in revoked
            assert client.get("/healthz").status_code == 200
        with pytest.raises(sqlalchemy.exc.DBAPIError), page.base.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE qujat_certificates SET status = 'issued'")
    finally:
        page.base.close()
    plain = sqlalchemy.create_engine(registry_url(reader))  # even outside the page's read-only transactions
    with pytest.raises(sqlalchemy.exc.DBAPIError, match=r"permission denied|read-only"), plain.begin() as conn:
        conn.exec_driver_sql("DELETE FROM qujat_meta")
    for hidden in ("SELECT iin FROM qujat_awards", "SELECT position, organisation, source, row FROM qujat_awards",
                   "SELECT reason FROM qujat_award_events", "SELECT form, file FROM qujat_documents",
                   "SELECT * FROM qujat_person_names", "SELECT * FROM qujat_persons"):
        with pytest.raises(sqlalchemy.exc.DBAPIError, match="permission denied"), plain.connect() as conn:
            conn.exec_driver_sql(hidden)
    plain.dispose()
