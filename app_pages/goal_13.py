"""Mål 13: the goal page at /mal-13."""

from ui.goal_view import render

render("13")
