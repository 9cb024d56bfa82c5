"""Mål 9: the goal page at /mal-9."""

from ui.goal_view import render

render("9")
