"""Mål 4: the goal page at /mal-4."""

from ui.goal_view import render

render("4")
