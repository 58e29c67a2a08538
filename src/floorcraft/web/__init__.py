"""The web adapter: one ASGI app serving the pages, the JSON API and the live feed.

- ``site.py``: ``create_site(db_url, secret=...)``, the app (sign-in, pages, static files, ``/live``);
  ``context.py``: what pages share; ``pages/``: one module per thing shown, each with its JSON twin.
- ``auth/``: accounts, passwords, signed sessions, CSRF, login throttles, the role table, the audit.
- ``live.py``: the SSE broker; ``errors.py``: the one error shape and status table; ``server.py``: uvicorn
  in a thread.
- ``app.py``, ``voting_api.py``: the voting API (mountable under the site).
"""
