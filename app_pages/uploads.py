"""Opplastinger: the audit trail of uploads (who, when, file, hash, counts, state) with undo for analysts."""

import streamlit as st

from ui import upload_history as history
from ui import upload_view as view
from ui.i18n import t

view.require_analyst()  # like «Last opp», offered to analysts only (the list names who uploaded)

st.title(t("uploads_title"))
st.caption(t("uploads_intro"))
history.rollback_notice()
uploads = history.audit_table()
if not uploads.empty:
    history.rollback_panel(uploads)
history.analyst_indicators_download()
