"""Last opp: analysts upload files, see what was found, the validation report and the changes, then save."""

import streamlit as st

from ui import upload_mapping as mapping
from ui import upload_view as view
from ui.i18n import t

view.require_analyst()  # the router offers this page to analysts only; refuse a direct run as well

st.title(t("upload_title"))
st.markdown(t("upload_intro"))
view.last_results()
mapping.saved_indicator_notice()

files = view.uploader()
if not files:
    st.info(t("upload_empty"), icon=":material/upload_file:")
    st.stop()

prepared = view.prepare_all(files)
view.summary(prepared)
view.report_table(prepared)
for n, (f, p) in enumerate(zip(files, prepared)):
    view.file_panel(n, f, p)
view.commit_button(prepared)
