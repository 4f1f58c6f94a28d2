"""The faster QR encoder gives exactly the modules reportlab's own encoder gives."""
from __future__ import annotations

import json
import random
import subprocess
import sys

from qujat.certificates.qr import qr_matrix

ORIGINAL = """
import json, sys
from reportlab.graphics.barcode import qrencoder
out = []
for text in json.loads(sys.stdin.read()):
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    out.append([[bool(m) for m in row] for row in code.modules])
print(json.dumps(out))
"""


def test_fast_encoder_matches_reportlab():
    rng = random.Random(7)
    alphabet = "ABCxyz0123456789 -:/ҚӘІқәі«»"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400))) for _ in range(40)]
    texts += ["ҚРКФ jubilee-medal A20-0001 2018-07-04", "x"]
    result = subprocess.run([sys.executable, "-c", ORIGINAL], input=json.dumps(texts), capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout) == [qr_matrix(text) for text in texts]
