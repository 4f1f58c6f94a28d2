"""QR codes from zxing-cpp: the modules decode back to the text; too much text is a clear error."""
from __future__ import annotations

import io
from typing import Any

import pytest

from qujat import RecordError, TemplateError
from qujat.certificates.qr import QUIET_ZONE, draw_qr, make_qr, qr_matrix

KAZAKH = "Әсел Нұрланқызы Жақсыбекова — әғқңөұүһі ӘҒҚҢӨҰҮҺІ, Федерация профсоюзов"


def _read(matrix: list[list[bool]], scale: int = 4) -> list[Any]:
    """The barcodes zxing-cpp finds in an image of ``matrix`` (with its quiet zone)."""
    import zxingcpp
    from PIL import Image

    count = len(matrix) + 2 * QUIET_ZONE
    image = Image.new("L", (count, count), 255)
    image.putdata([0 if 0 <= r - QUIET_ZONE < len(matrix) and 0 <= c - QUIET_ZONE < len(matrix)
                   and matrix[r - QUIET_ZONE][c - QUIET_ZONE] else 255
                   for r in range(count) for c in range(count)])
    return zxingcpp.read_barcodes(image.resize((count * scale, count * scale), Image.Resampling.NEAREST))


@pytest.mark.parametrize("text", ["FTU RK jubilee-medal A20-0777 2018-07-04", KAZAKH,
                                  ("Қазақстан Республикасы Кәсіподақтары Федерациясы 0123456789 " * 6)[:300]],
                         ids=["ascii", "kazakh", "300-characters"])
def test_matrix_decodes_back_to_the_text(text: str) -> None:
    found = _read(qr_matrix(text))
    assert [b.text for b in found] == [text]
    assert found[0].ec_level == "M"


def test_mask_pattern_is_fixed() -> None:
    # a fixed mask is what makes the encoder fast; zxing-cpp ignores an option it does not know
    found = _read(qr_matrix("ҚРКФ federation-badge FB-0001 2021-05-06"))
    assert found[0].extra.get("DataMask") == 0


def test_same_text_same_modules() -> None:
    assert make_qr(KAZAKH) == make_qr(KAZAKH)


def test_too_long_text_is_a_clear_error() -> None:
    with pytest.raises((RecordError, TemplateError), match="QR code cannot carry this text"):
        make_qr("қ" * 1500)


def test_drawn_as_one_image_mask_that_decodes_upright_and_crisp() -> None:
    """One inline image mask of one bit a module; rendered at 300 dpi (pdfium, as Chrome) it
    decodes to the text, not mirrored, and its edges have no grey pixel (nothing smoothed)."""
    import pypdfium2
    import zxingcpp
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(120, 120), pageCompression=0)
    code = make_qr(KAZAKH)
    draw_qr(c, code, 10, 20, 100, "#1a1a1a")
    c.showPage()
    c.save()
    pdf = buf.getvalue().decode("latin-1")
    assert pdf.count("BI /W 49 /H 49 /IM true /BPC 1 /F /AHx ID") == 1 and " re" not in pdf
    page = pypdfium2.PdfDocument(buf.getvalue())[0]
    image = page.render(scale=300 / 72).to_pil().convert("L")
    found = zxingcpp.read_barcodes(image)
    assert [b.text for b in found] == [KAZAKH]
    dpi, module = 300 / 72, 100 / code.side  # the square's top is the page's (y = 120)
    centres = [[image.getpixel((round((10 + (QUIET_ZONE + column + 0.5) * module) * dpi),
                                round((QUIET_ZONE + row + 0.5) * module * dpi))) == 26
                for column in range(code.count)] for row in range(code.count)]
    assert centres == code.matrix()  # upright: the first row at the top, not mirrored
    square = image.crop((round(14 * dpi), round(4 * dpi), round(106 * dpi), round(96 * dpi)))
    assert [shade for shade, count in enumerate(square.histogram()) if count] == [26, 255]  # no grey between


def test_matrix_is_the_modules_zxing_made() -> None:
    import zxingcpp

    code = make_qr(KAZAKH)
    image = memoryview(zxingcpp.create_barcode(KAZAKH, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=0)
                       .to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    data = image.tobytes()
    assert code.matrix() == [[data[r * code.count + c] == 0 for c in range(code.count)] for r in range(code.count)]


@pytest.mark.parametrize("name", ["Ли Бо", "Ли Бо Ан", "Әбдірайымова Сәуле Қайратқызы", "Nurlan Abdikarimov 12",
                                  "Қ" * 40, "Иванов Иван Иванович", "O'Neil Anna"])
@pytest.mark.parametrize("copy", [0, 3])
def test_the_seal_code_is_the_first_letters_of_the_signatures_base32(name: str, copy: int) -> None:
    """Read from the letters that hold the signature's first 5 bytes, whatever the payload's
    length puts them in the text (every length modulo 5 is among these names)."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from qujat import base32
    from qujat.certificates.qr import seal_code
    from qujat.registry.signing import Seal, sign_payload

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    payload = sign_payload(key, Seal("FB-00123", "federation-badge", "2021-05-06", name, copy))
    signature = base32.decode(payload.split(":", 1)[1])[-64:]
    assert signature == key.sign(base32.decode(payload.split(":", 1)[1])[:-64])
    letters = base64.b32encode(signature[:5]).decode()
    assert seal_code(payload) == f"{letters[:4]}-{letters[4:8]}"
    assert seal_code("https://verify.example/v#" + payload) == seal_code(payload)


#: What a QR code's alphanumeric mode holds (RFC 9285's base45 letters).
_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@pytest.mark.parametrize("name", ["Жақсыбекова Әсел Нұрланқызы", "Қалиев С.Б.", "Nurlan Abdikarimov", "王小明"])
def test_a_signed_code_reads_on_a_phone_as_plain_text_and_verifies(name: str) -> None:
    """What a phone's camera shows is the code's text: «QJ3:» and base45 letters, never raw bytes
    (the holder's name garbled among them), and that text is the payload: it verifies. For these
    names the code is the raw bytes' version."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from qujat.registry.signing import Seal, open_payload, payload_bytes, payload_text, public_key_pem, sign_payload

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    payload = sign_payload(key, Seal("FB-0001", "federation-badge", "2021-05-06", name))
    code = make_qr(payload)
    [found] = _read(code.matrix())
    assert found.content_type.name == "Text" and found.text == found.bytes.decode("ascii")
    assert found.text.startswith("QJ3:") and set(found.text[4:]) <= _ALPHANUMERIC
    assert payload_text(found.bytes) == payload
    opened = open_payload(payload_text(found.bytes) or "", public_key_pem(key))
    assert opened.signature_ok and opened.seal.name == name
    assert code.count == make_qr(payload_bytes(payload)).count  # no bigger than the raw bytes' code


def test_a_code_of_raw_bytes_drawn_before_still_verifies() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from qujat.registry.signing import Seal, open_payload, payload_bytes, payload_text, public_key_pem, sign_payload

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    payload = sign_payload(key, Seal("FB-0001", "federation-badge", "2021-05-06", "Жақсыбекова Әсел"))
    [found] = _read(make_qr(payload_bytes(payload)).matrix())  # as certificates issued before carry it
    assert found.bytes == payload_bytes(payload) and payload_text(found.bytes) == payload
    assert open_payload(payload, public_key_pem(key)).signature_ok


def test_a_code_text_typed_with_a_slip_is_no_payload() -> None:
    from qujat.registry.signing import find_payload

    assert find_payload("QJ3:X.CT3E") == "QJ2:MZXW6YQ"
    assert find_payload("QJ3:X.CT") is None  # two letters lost: a length no bytes have
    assert find_payload("QJ3:::::::") is None  # above the bytes' range
