"""The web pages: the public verification page (:mod:`.public`, read-only, no signing key),
the office's desk next. Starlette apps, server-rendered, every word from the ``web`` catalog.

Modules: :mod:`.public` (the app and its routes), :mod:`.outcomes` (a verdict as the page
shows it), :mod:`.languages` (kk, ru, en, kk-Latn; templates), :mod:`.guard` (client
addresses, rate limits, headers, the access log), :mod:`.registry_access` (the registry,
read-only), :mod:`.serving` (uvicorn).
"""
