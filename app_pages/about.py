"""Om: what the dashboard is, the method in plain words, sources, and that the example values are illustrative."""

import streamlit as st

from indicators.progress import ON_TRACK, STATUSES, TOO_SLOW
from ui import components, i18n

lang = i18n.lang()
pct = lambda x: f"{x * 100:.0f} %"  # noqa: E731

if lang == "en":
    st.title("About Asker 2030")
    st.markdown(f"""
Asker municipality decided in 2016 to build the new municipality on the UN Sustainable Development Goals. Its plans use
six of them (3, 4, 9, 11, 13 and 17) with 22 objectives in the municipality's own words. This dashboard shows, for each
objective, the indicators that measure it and whether each is on track for 2030.

**How a status is worked out.** For each indicator we compare the change *achieved* since the base year (usually 2015)
with the change *needed* each year to reach the 2030 target. The achieved change is a robust trend through all
measurements since the base year (Theil–Sen), so one odd year cannot flip a status. The ratio between the two decides:
at least {pct(ON_TRACK)} of the needed pace is *on track*, {pct(TOO_SLOW)}–{pct(ON_TRACK)} is *progress but too slow*,
less is *limited progress*, and a change in the wrong direction is *moving away*. A target already met is *target
reached*. With fewer than three measurements since the base year we say *insufficient data* instead of guessing.
The method follows Statistics Canada / Open SDG, Eurostat and the UN SDG progress chart; the details and references
are in `docs/methodology.md`.

**Sources.** Statistics Norway (SSB), the Norwegian Institute of Public Health (FHI), the Directorate for Education
(Udir), the Norwegian Environment Agency (Miljødirektoratet), Nkom and the municipality's own surveys.

**Example data.** Until the municipality loads its own files, the values shown are *illustrative example data*,
not official statistics. The goal texts and the climate target (emissions 67 % lower in 2030 than in 2009) are real.
""")
else:
    st.title("Om Asker 2030")
    st.markdown(f"""
Asker kommune vedtok i 2016 at nye Asker skulle bygges på FNs bærekraftsmål. Planene bruker seks av dem (3, 4, 9, 11,
13 og 17) med 22 delmål i kommunens egne ord. Dette dashbordet viser, for hvert delmål, indikatorene som måler det, og
om hver av dem er i rute mot 2030.

**Slik regnes statusen ut.** For hver indikator sammenligner vi endringen som er *oppnådd* siden basisåret (oftest
2015) med endringen som *trengs* hvert år for å nå målet i 2030. Den oppnådde endringen er en robust trend gjennom alle
målingene siden basisåret (Theil–Sen), slik at ett avvikende år ikke kan snu statusen. Forholdet mellom de to avgjør:
minst {pct(ON_TRACK)} av nødvendig tempo er *i rute*, {pct(TOO_SLOW)}–{pct(ON_TRACK)} er *for langsom framgang*,
mindre er *begrenset framgang*, og endring i feil retning er *beveger seg bort fra målet*. Et mål som allerede er nådd,
får *målet er nådd*. Med færre enn tre målinger siden basisåret sier vi *for lite data* i stedet for å gjette.
Metoden bygger på Statistisk sentralbyrå i Canada / Open SDG, Eurostat og FNs «SDG progress chart»; detaljer og
kilder står i `docs/methodology.md`.

**Kilder.** Statistisk sentralbyrå (SSB), Folkehelseinstituttet (FHI), Utdanningsdirektoratet (Udir),
Miljødirektoratet, Nkom og kommunens egne undersøkelser.

**Eksempeldata.** Inntil kommunen laster inn sine egne filer, er tallene som vises *illustrerende eksempeldata*, ikke
offisiell statistikk. Målformuleringene og klimamålet (67 % lavere utslipp i 2030 enn i 2009) er ekte.
""")

st.subheader("Status" if lang == "en" else "Statusene")
st.markdown("".join(components.status_chip(code) for code in STATUSES), unsafe_allow_html=True)
components.example_banner()
