"""Asker 2030 dashboard: configures the app, language and roles, and routes to the pages (listed here only).

`streamlit run dashboard.py` reads this file, finds `app` below and serves it: the pages, plus the read-only open
data under /api/v1/ (api/routes.py) from the same server. Streamlit then runs this file as the script of every page
view, where __name__ is "__main__", so only the router runs there.

Page scripts live in app_pages/, not pages/: a folder named pages/ switches Streamlit to its old page discovery,
and a first visit straight to a shared link (/utforsk?...) then shows "Page not found"."""

from pathlib import Path

import streamlit as st

if __name__ != "__main__":  # imported by `streamlit run` (through uvicorn) to build the server
    from starlette.responses import RedirectResponse
    from starlette.routing import Route
    from streamlit import config as _config

    from api.chart_files import route as chart_image_route
    from api.routes import mount

    _base = "/" + (_config.get_option("server.baseUrlPath") or "").strip("/")

    def _overview(request):
        # Streamlit serves the default page at the root only, and its frontend answers any other unknown path with
        # "Page not found": /oversikt (the overview's own name, in old links and in the menu's hover) goes home.
        query = request.url.query
        return RedirectResponse(_base.rstrip("/") + "/" + (f"?{query}" if query else ""), status_code=307)

    app = st.App(
        __file__,
        routes=[
            mount(_config.get_option("server.baseUrlPath") or ""),
            chart_image_route(_config.get_option("server.baseUrlPath") or ""),
            Route(_base.rstrip("/") + "/oversikt", _overview, methods=["GET", "HEAD"]),
        ],
    )
    try:  # first start: create and fill the store now, so /api/v1/ answers before anyone opens a page
        from etl.bootstrap import ensure_store

        ensure_store()
    except Exception:  # the first page view shows what is wrong (damaged file, no snapshot yet) in words
        pass
else:
    from ui import auth, components, embed, i18n, state
    from ui.i18n import t

    # The tab icon is our own file: a ":material/…" page icon makes every visitor's browser fetch it from Google.
    st.set_page_config(
        page_title="Asker 2030", page_icon=str(Path(__file__).with_name("ui") / "favicon.png"), layout="wide"
    )
    lang = i18n.sync_lang()

    try:
        catalog = state.file_catalog()
        state.connection()
    except Exception as exc:  # a damaged or locked database must give a message, never a stack trace
        components.store_error(exc)
        st.stop()

    GOAL_IDS = [g.id for g in catalog.goals]

    home = st.Page(
        "app_pages/overview.py", title=t("nav_overview"), url_path="oversikt", default=True, icon=":material/dashboard:"
    )
    goal_pages = [
        st.Page(
            f"app_pages/goal_{g.id}.py",
            title=f"{g.id} {g.name.get(lang)}",
            url_path=f"mal-{g.id}",
            icon=":material/flag:",
        )
        for g in catalog.goals
    ]
    tools = [
        st.Page("app_pages/indicator.py", title=t("nav_indicator"), url_path="indikator", icon=":material/monitoring:"),
        st.Page("app_pages/explore.py", title=t("nav_explore"), url_path="utforsk", icon=":material/query_stats:"),
        st.Page("app_pages/meeting.py", title=t("nav_meeting"), url_path="mote", icon=":material/co_present:"),
        st.Page("app_pages/reports.py", title=t("nav_reports"), url_path="rapporter", icon=":material/summarize:"),
        st.Page("app_pages/quality.py", title=t("nav_quality"), url_path="datakvalitet", icon=":material/fact_check:"),
        st.Page("app_pages/about.py", title=t("nav_about"), url_path="om", icon=":material/info:"),
        st.Page("app_pages/open_data.py", title=t("nav_open_data"), url_path="apne-data", icon=":material/api:"),
        st.Page(
            "app_pages/accessibility.py",
            title=t("nav_a11y"),
            url_path="tilgjengelighet",
            icon=":material/accessibility:",
        ),
    ]
    sections = {
        "": [home],
        t("nav_goals"): goal_pages,
        t("nav_tools"): tools,
    }
    if auth.can_upload():  # not registered for anyone else, so not in the menu and not reachable by URL
        sections[t("nav_analyst")] = [
            st.Page("app_pages/upload.py", title=t("nav_upload"), url_path="last-opp", icon=":material/upload:"),
            st.Page("app_pages/uploads.py", title=t("nav_uploads"), url_path="opplastinger", icon=":material/history:"),
            st.Page("app_pages/backup.py", title=t("nav_backup"), url_path="sikkerhetskopi", icon=":material/backup:"),
            st.Page("app_pages/measures.py", title=t("nav_measures"), url_path="tiltak", icon=":material/task_alt:"),
        ]

    # An embedded view (?embed=true, inside someone else's page) has no menu and no sidebar.
    embedded = embed.is_embedded()
    page = st.navigation(sections, expanded=True, position="hidden" if embedded else "sidebar")
    # WCAG 2.4.2: each page's own title in the browser tab and for screen readers, not "Asker 2030" on every page.
    st.set_page_config(page_title=f"{page.title} · Asker 2030")

    if not embedded:
        with st.sidebar:
            components.language_switch()  # sets the page's language too
            components.sidebar_footer()
    else:
        components.page_language()

    page.run()
