"""Sikkerhetskopi: analysts back up the database from inside the running dashboard (the CLI cannot open it then)."""
from ui import backup, state
from ui import upload_view as view

view.require_analyst()
backup.render_page(state.connection(), state.db_file())
