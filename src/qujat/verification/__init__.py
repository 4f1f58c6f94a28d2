"""Verifying certificates: from a number, a PDF, a scan or photo, or the QR code's text, to one
typed :class:`Verdict` that says who issued it and what was and was not checked.

Modules: :mod:`.check` (the one verification function), :mod:`.verdict` (the verdict, its exit
status and words), :mod:`.images` (pictures and their QR codes), :mod:`.namebox` (the name's
box from the code and the award layout), :mod:`.names` (comparing names), :mod:`.trust` (the
registry's own key and its trust list), :mod:`.revocations` (signed lists for offline checks),
:mod:`.standing` (what the registry says of a certificate), and the adapters :mod:`.poppler`
and :mod:`.tesseract`.
"""
