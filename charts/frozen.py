"""A figure built once and shown many times unchanged (the dashboard keeps one per data version and language)."""

from __future__ import annotations

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """st.plotly_chart asks a figure for its dict on every run, and plotly's to_dict() deep-copies every trace and
    converts its arrays to base64 each time (half of what a goal page's charts cost the server per view). A frozen
    figure makes that dict once. Do not change the figure after freezing it: the dict would not follow."""

    def to_dict(self) -> dict:
        cached = self.__dict__.get("_frozen_dict")
        if cached is None:
            cached = super().to_dict()
            self.__dict__["_frozen_dict"] = cached
        # New outer dicts, so a caller that pops a key (plotly.io.to_json drops trace "uid"s) cannot change the
        # cached one; the values inside are shared and only read.
        out = {"data": [dict(trace) for trace in cached["data"]], "layout": dict(cached["layout"])}
        if "frames" in cached:
            out["frames"] = cached["frames"]
        return out


def freeze(fig: go.Figure) -> FrozenFigure:
    """The same figure, frozen (a copy: `fig` itself stays as it was)."""
    return FrozenFigure(fig)
