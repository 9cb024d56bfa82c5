"""Mål 17: the goal page at /mal-17."""

from ui.goal_view import render

render("17")
