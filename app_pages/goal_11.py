"""Mål 11: the goal page at /mal-11."""

from ui.goal_view import render

render("11")
