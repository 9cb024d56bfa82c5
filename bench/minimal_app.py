"""The smallest two-page Streamlit app (a heading and a link): the concurrency benchmark's floor, i.e. what ten
browsers and one Streamlit server cost on this machine before the dashboard does any work."""

import streamlit as st


def first():
    st.title("Minimal app")
    st.page_link(second_page, label="Second page")


def second():
    st.title("Second page")


first_page = st.Page(first, title="First", default=True)
second_page = st.Page(second, title="Second", url_path="second")
st.navigation([first_page, second_page]).run()
