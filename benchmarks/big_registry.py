"""A registry of many awards, made fast: ``generate batch`` issues a block of certificates (each
signed, recorded, with its document and event), then the block is copied by SQL, numbers,
sequences, persons and names shifted, until the registry holds ``--awards`` of them. The copies
are not validly signed (their payloads are the block's): the registry is for timing the
journal's export, ``registry list`` and ``verify NUMBER`` (whose number should be one of the
first block's to verify as genuine), not for verifying every paper.

    python3 benchmarks/big_registry.py /tmp/big/registry.sqlite3 --awards 100000
"""
from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_list


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("registry", type=Path)
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--block", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "list.csv"
        make_list(listing, args.block)
        subprocess.run([sys.executable, "-m", "qujat", "batch", str(listing), "--award", "federation-badge",
                        "--lang", "kk", "--date", "2021-05-06", "-q", "-o", str(Path(tmp) / "out"),
                        "--registry", str(args.registry)], check=True, capture_output=True)
    db = sqlite3.connect(args.registry)
    (awards,) = db.execute("SELECT count(*) FROM qujat_awards").fetchone()
    (persons,) = db.execute("SELECT max(id) FROM qujat_persons").fetchone()
    (top,) = db.execute("SELECT max(sequence) FROM qujat_awards").fetchone()
    copies = args.awards // awards - 1
    base = {table: db.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            for table in ("qujat_awards", "qujat_documents", "qujat_award_events", "qujat_person_names")}
    columns = {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
               for table in ("qujat_persons", "qujat_person_names", "qujat_awards", "qujat_documents",
                             "qujat_award_events")}

    def copy(table: str, limit: int, shifted: dict[str, str]) -> None:
        """The first ``limit`` rows of ``table`` again, the ``shifted`` columns computed."""
        names = columns[table]
        values = ", ".join(shifted.get(name, name) for name in names)
        db.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {values} FROM {table} WHERE id <= {limit}")

    for k in range(1, copies + 1):
        shift_p, shift_a, shift_d = k * persons, k * base["qujat_awards"], k * base["qujat_documents"]
        copy("qujat_persons", persons, {"id": f"id + {shift_p}", "iin": "NULL"})
        copy("qujat_person_names", base["qujat_person_names"],
             {"id": f"id + {k * base['qujat_person_names']}", "person_id": f"person_id + {shift_p}",
              "name": f"name || ' {k}'", "key": f"key || ' {k}'",
              # the loose key of the key with ' k' (qujat.identity.loose_key puts words with digits last, in order)
              **({"loose": f"loose || ' {k}'"} if "loose" in columns["qujat_person_names"] else {})})
        copy("qujat_awards", base["qujat_awards"],
             {"id": f"id + {shift_a}", "number": f"'FB-' || printf('%06d', sequence + {k * top})",
              "sequence": f"sequence + {k * top}", "person_id": f"person_id + {shift_p}",
              "once_key": f"CASE WHEN once_key IS NULL THEN NULL ELSE once_key + {shift_p} END",
              "name": f"name || ' {k}'", "iin": "NULL"})
        copy("qujat_documents", base["qujat_documents"],
             {"id": f"id + {shift_d}", "award_id": f"award_id + {shift_a}", "name": f"name || ' {k}'"})
        copy("qujat_award_events", base["qujat_award_events"],
             {"id": f"id + {k * base['qujat_award_events']}", "award_id": f"award_id + {shift_a}",
              "document_id": f"CASE WHEN document_id IS NULL THEN NULL ELSE document_id + {shift_d} END"})
    db.execute("UPDATE qujat_counters SET next_value = (SELECT max(sequence) + 1 FROM qujat_awards) "
               "WHERE series = 'federation-badge'")
    db.commit()
    print(db.execute("SELECT count(*) FROM qujat_awards").fetchone()[0], "awards")


if __name__ == "__main__":
    main()
