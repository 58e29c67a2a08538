"""Web adapters: the ASGI app (``app.create_app``) and its APIs (``voting_api``)."""
