"""A bare Streamlit page with one plotly chart: the floor the drawing benchmark (bench/drawing.py) measures every
dashboard page against, in the same run and the same Chromium (what Streamlit and plotly cost before we do anything)."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="One chart", layout="wide")
st.title("One chart")
st.markdown("<span class='status-chip'>Status</span>", unsafe_allow_html=True)  # what the dashboard shows first
years = list(range(2010, 2025))
st.plotly_chart(
    go.Figure(go.Scatter(x=years, y=[80 + 0.2 * (y - 2010) for y in years], mode="lines+markers")), key="chart"
)
