"""Mål 3: the goal page at /mal-3."""

from ui.goal_view import render

render("3")
