"""Sikkerhetskopi: analysts back up the database from the dashboard (from the newest snapshot)."""

from ui import backup, state
from ui import upload_view as view

view.require_analyst()
backup.render_page(state.db_file())
