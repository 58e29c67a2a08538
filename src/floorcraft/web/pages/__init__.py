"""The site's pages, one module per thing shown, each page with its JSON twin (style.md §10).

module         page            JSON twin          template
account.py     /login, /me     /api/me            login.html, me.html (and /display/<token>)
scoreboard.py  /scoreboard     /api/scoreboard    scoreboard.html
control.py     /control        /api/control       control.html
audit.py       /audit          /api/audit         audit.html
"""
