"""Phone photos of certificates: which verify, at each width, and how long a photo takes.

Issues both awards in kk, ru and kk+ru into a throw-away registry, photographs each page
(tests/photos.py: rotation, perspective tilt, blur, JPEG quality, width) and verifies every
photo with the registry, printing a table of what verified, then the time of one photo's
check in this process and through the ``generate verify`` command:

    python3 benchmarks/bench_photos.py                    # the full matrix
    python3 benchmarks/bench_photos.py --widths 1200      # one width
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import qujat  # noqa: E402
from photos import Shot, photograph, render_page  # noqa: E402
from qujat.registry.recording import RegistryIssuing  # noqa: E402
from qujat.registry.store import Registry  # noqa: E402
from qujat.verification.check import verify  # noqa: E402
from qujat.verification.verdict import Status  # noqa: E402

NAMES = {"kk": "Нұрғалиева Айгерім Ержанқызы", "ru": "Калиев Серик Ерланович", "kk+ru": "Бекбас Оразбек Тұрсынұлы"}
AWARDS = ("jubilee-medal", "federation-badge")
WIDTHS = (800, 1000, 1200, 1600, 2000, 3000)
ANGLES = (0, 3, 5, 8, 10)
#: (blur radius in px, perspective tilt, JPEG quality): a sharp photo and a poor one
CONDITIONS = ((0.5, 0.03, 70), (0.9, 0.08, 50))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        registry = Registry.open(folder / "bench.sqlite3", create=True)
        pages = []
        for award in AWARDS:
            for lang, name in NAMES.items():
                pdf = qujat.render_certificate(award, name, folder / f"{award}-{lang}.pdf", lang=lang,
                                               date=dt.date(2018, 7, 4), issuing=RegistryIssuing(registry))
                pages.append((f"{award} {lang}", render_page(pdf)))
        table: dict[int, Counter[str]] = {}
        failures: list[str] = []
        times: list[float] = []
        sample: Path | None = None
        for width in args.widths:
            counts: Counter[str] = Counter()
            for label, page in pages:
                for angle in ANGLES:
                    for blur, tilt, quality in CONDITIONS:
                        shot = Shot(angle=angle, tilt=tilt, blur=blur, quality=quality, width=width)
                        photo = folder / "photo.jpg"
                        photo.write_bytes(photograph(page, shot))
                        start = time.perf_counter()
                        verdict = verify(photo, registry)
                        times.append(time.perf_counter() - start)
                        ok = verdict.status is Status.VALID
                        counts["all"] += 1
                        counts["valid"] += ok
                        counts[f"{angle}°"] += ok
                        counts[f"n{angle}°"] += 1
                        if not ok:
                            failures.append(f"{label} {shot.label}: {verdict.status.value}"
                                            + (f" (read «{verdict.page_name}»)" if verdict.page_name else ""))
                        if width == 1200 and angle == 10 and quality == 50 and sample is None:
                            sample = folder / "sample.jpg"
                            sample.write_bytes(photo.read_bytes())
            table[width] = counts
        print("| width | verified | " + " | ".join(f"{a}°" for a in ANGLES) + " |")
        print("|---|---|" + "---|" * len(ANGLES))
        for width, c in table.items():
            cells = " | ".join(f"{c[f'{a}°']}/{c[f'n{a}°']}" for a in ANGLES)
            print(f"| {width:,} px | {c['valid']}/{c['all']} | {cells} |")
        print(f"\nper photo, in process: median {statistics.median(times):.2f} s, max {max(times):.2f} s")
        if sample is not None:
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "qujat", "verify", str(sample), "--registry",
                                str(registry.path)], capture_output=True, check=False,
                               env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
                runs.append(time.perf_counter() - start)
            print(f"`generate verify photo.jpg` (1,200 px, 10°, JPEG 50), whole command: "
                  f"fastest {min(runs):.2f} s, median {statistics.median(runs):.2f} s")
        registry.close()
        if failures:
            print("\nnot valid:")
            for line in failures:
                print("  " + line)


if __name__ == "__main__":
    main()
