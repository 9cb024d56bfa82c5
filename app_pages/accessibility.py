"""Tilgjengelighetserklæring: the accessibility statement, in the structure of Digdir's uustatus statements.

The deviations and the date of the last check come from ui/accessibility.py and docs/accessibility-check.json,
which tests/browser/test_accessibility.py keeps true (docs/accessibility.md says which test gives which line)."""

import streamlit as st

from indicators.format import fmt_date
from ui import accessibility as a11y
from ui import i18n
from ui.i18n import t

i18n.register(
    {
        "a11y_title": ("Tilgjengelighetserklæring", "Accessibility statement"),
        "a11y_intro": (
            "Asker kommune vil at alle skal kunne bruke Asker 2030. Erklæringen gjelder dette dashbordet og "
            "følger oppbygningen i tilgjengelighetserklæringene fra Digitaliseringsdirektoratet (uustatus.no).",
            "Asker municipality wants everyone to be able to use Asker 2030. This statement covers this "
            "dashboard and follows the structure of the Norwegian Digitalisation Agency's accessibility "
            "statements (uustatus.no).",
        ),
        "a11y_about": ("Om nettløsningen", "About the web solution"),
        "a11y_about_text": (
            "**Asker 2030**: status for Askers bærekraftsmål, delmål og indikatorer.  \n"
            "Ansvarlig virksomhet: **Asker kommune**.",
            "**Asker 2030**: the status of Asker's Sustainable Development Goals, objectives and "
            "indicators.  \nResponsible body: **Asker municipality** (Asker kommune).",
        ),
        "a11y_status": (
            "I hvilken grad er nettløsningen i samsvar med kravene til universell utforming?",
            "To what extent does the web solution meet the requirements for universal design?",
        ),
        "a11y_partial": (
            "Nettløsningen er **delvis i samsvar** med kravene til universell utforming av ikt. "
            "Det er brudd på **{n} av {total}** krav i regelverket ({criteria}).",
            "The web solution is **partially compliant** with the requirements for universal design of "
            "ICT. It does not meet **{n} of the {total}** requirements of the regulations ({criteria}).",
        ),
        "a11y_full": (
            "Nettløsningen er **i samsvar** med kravene til universell utforming av ikt.",
            "The web solution is **compliant** with the requirements for universal design of ICT.",
        ),
        "a11y_users": ("Hva betyr bruddene for brukerne?", "What do the deviations mean for users?"),
        "a11y_users_text": (
            "Bruddene får særlig følger for brukere med disse forutsetningene:",
            "The deviations matter most to users with these needs:",
        ),
        "a11y_feedback": ("Meld gjerne fra om brudd på kravene", "Tell us about barriers"),
        "a11y_feedback_text": (
            "Vi vil gjerne høre fra deg:\n\n"
            "- Har du funnet feil eller mangler i universell utforming av dashbordet?\n"
            "- Trenger du innholdet i en annen form, for eksempel tallene bak et diagram?\n"
            "- Har du forslag til forbedringer?\n\n"
            "Skriv til Asker kommune på [{email}](mailto:{email}) og merk e-posten «Asker 2030 – universell "
            "utforming». Tallene bak hvert diagram kan du også laste ned som CSV eller Excel fra siden diagrammet er på.",
            "We would like to hear from you:\n\n"
            "- Have you found errors or gaps in the accessibility of the dashboard?\n"
            "- Do you need the content in another form, for instance the numbers behind a chart?\n"
            "- Do you have suggestions for improvements?\n\n"
            "Write to Asker municipality at [{email}](mailto:{email}), subject “Asker 2030 – accessibility”. You can "
            "also download the numbers behind every chart as CSV or Excel from the page the chart is on.",
        ),
        "a11y_complain": ("Klage", "Complaints"),
        "a11y_complain_text": (
            "Mener du at dashbordet ikke er universelt utformet, og får du ikke svar fra oss, eller er du misfornøyd "
            "med svaret, kan du klage til **Diskrimineringsnemnda** (diskrimineringsnemnda.no). Nemnda behandler "
            "klager om brudd på kravene til universell utforming av ikt. Du kan også klage på manglende eller sene svar "
            "på tilbakemeldinger du har sendt oss.\n\n"
            "**Tilsynet for universell utforming av ikt** (Uu-tilsynet, en del av Digitaliseringsdirektoratet) fører "
            "tilsyn med at offentlige nettløsninger følger kravene, og gir faglige uttalelser i klagesaker. Du kan melde "
            "fra om nettløsninger som ikke er universelt utformet til Uu-tilsynet på uutilsynet.no.",
            "If you think the dashboard is not accessible and you get no answer from us, or are not satisfied with "
            "the answer, you can complain to the **Anti-Discrimination Tribunal** (Diskrimineringsnemnda, "
            "diskrimineringsnemnda.no). The tribunal handles complaints about breaches of the requirements for "
            "universal design of ICT. You can also complain about missing or late answers to feedback you sent us.\n\n"
            "The **Authority for Universal Design of ICT** (Tilsynet for universell utforming av ikt, part of the "
            "Norwegian Digitalisation Agency) supervises that public web solutions meet the requirements and gives "
            "expert statements in complaint cases. You can report web solutions that are not accessible to the "
            "authority at uutilsynet.no.",
        ),
        "a11y_content": ("Status for innhold som ikke er universelt utformet", "Content that is not accessible"),
        "a11y_content_text": (
            "Her er innholdet som ikke er universelt utformet, hvorfor, og hva det betyr for deg, i "
            "samme rekkefølge som kravene i WCAG 2.1.",
            "This is the content that is not accessible, why, and what it means for you, in the order "
            "of the success criteria of WCAG 2.1.",
        ),
        "a11y_principle": ("Prinsipp {n}: {name}", "Principle {n}: {name}"),
        "a11y_where": ("Hvor", "Where"),
        "a11y_why": ("Hvorfor", "Why"),
        "a11y_means": ("Hva det betyr for deg", "What it means for you"),
        "a11y_found_by": ("Funnet av", "Found by"),
        "a11y_found_axe": (
            "den automatiske testen (axe-core-regel `{rule}`)",
            "the automatic test (axe-core rule `{rule}`)",
        ),
        "a11y_found_manual": ("manuell gjennomgang", "manual review"),
        "a11y_test": ("Test og vurdering av nettløsningen", "How the web solution was tested"),
        "a11y_checked": ("Sist kontrollert: **{date}**.", "Last checked: **{date}**."),
        "a11y_not_checked": (
            "Den automatiske kontrollen er ikke registrert ennå.",
            "The automatic check has not been recorded yet.",
        ),
        "a11y_axe": (
            "Automatisk kontroll med axe-core {version} av alle reglene for WCAG 2.0 og 2.1, nivå A og AA: "
            "{n_pages} sider, på bokmål og engelsk, i {viewports} piksler ({n_checks} kontroller). Funn som "
            "ikke er forklart over, stopper testen.",
            "Automatic check with axe-core {version} of all rules for WCAG 2.0 and 2.1, levels A and AA: "
            "{n_pages} pages, in bokmål and English, at {viewports} pixels ({n_checks} checks). Findings "
            "not explained above stop the test.",
        ),
        "a11y_more_tests": (
            "I tillegg kontrollerer testene ved hver endring at\n\n"
            "- hvert diagram har en setning som beskriver det og tallene sine i en tabell som kan nås med tastatur;\n"
            "- statusene leses opp med ord, ikke bare med symbol eller farge;\n"
            "- linjer, punkter og statusmerker har minst 3:1 kontrast mot bakgrunnen, og tekst minst 4,5:1;\n"
            "- de viktigste oppgavene (åpne et mål, lese en status, åpne en indikator, bytte språk, laste ned) kan "
            "gjøres med tastaturet alene;\n"
            "- sidene kan leses i 320 piksler bredde (400 % forstørrelse) uten å rulle tekst sidelengs.\n\n"
            "Automatiske tester finner ikke alle brudd. Rapportfilene (PDF og PowerPoint) er gått gjennom for hånd.",
            "In addition, the tests check on every change that\n\n"
            "- every chart has a sentence describing it and its numbers in a table that the keyboard can reach;\n"
            "- statuses are read out as words, not only as a symbol or a colour;\n"
            "- lines, markers and status chips have at least 3:1 contrast against the background, and text at least "
            "4.5:1;\n"
            "- the main tasks (open a goal, read a status, open an indicator, change language, download) can be done "
            "with the keyboard alone;\n"
            "- the pages can be read at 320 pixels wide (400 % zoom) without scrolling text sideways.\n\n"
            "Automatic tests do not find every barrier. The report files (PDF and PowerPoint) were reviewed by hand.",
        ),
        "a11y_about_statement": ("Om erklæringen", "About this statement"),
        "a11y_about_statement_text": (
            "Erklæringen bygger på testene i dashbordets kildekode (se `docs/accessibility.md`): avvikene over er de "
            "samme som testen godtar, og datoen er datoen for siste fullstendige testkjøring.",
            "The statement is built from the tests in the dashboard's source code (see `docs/accessibility.md`): the "
            "deviations above are the ones the test accepts, and the date is that of the last full test run.",
        ),
    }
)

lang = i18n.lang()
k = 1 if lang == "en" else 0

st.title(t("a11y_title"))
st.markdown(t("a11y_intro"))

st.header(t("a11y_about"))
st.markdown(t("a11y_about_text"))

st.header(t("a11y_status"))
criteria = a11y.criteria_broken()
if criteria:
    st.markdown(t("a11y_partial", n=len(criteria), total=a11y.N_CRITERIA, criteria=", ".join(criteria)))
else:
    st.markdown(t("a11y_full"))

deviations = a11y.deviations()
st.header(t("a11y_users"))
groups = sorted({g for d in deviations for g in d.affects}, key=list(a11y.USER_GROUPS).index)
if groups:
    st.markdown(t("a11y_users_text") + "\n\n" + "\n".join(f"- {a11y.USER_GROUPS[g][k]}" for g in groups))

st.header(t("a11y_feedback"))
st.markdown(t("a11y_feedback_text", email=a11y.FEEDBACK_EMAIL))

st.header(t("a11y_complain"))
st.markdown(t("a11y_complain_text"))

st.header(t("a11y_content"))
st.markdown(t("a11y_content_text"))
principle = None
for d in deviations:
    if d.criterion[0] != principle:
        principle = d.criterion[0]
        st.subheader(t("a11y_principle", n=principle, name=a11y.PRINCIPLES[principle][k]))
    with st.container(border=True):
        found = t("a11y_found_axe", rule=d.rule) if d.rule else t("a11y_found_manual")
        st.markdown(
            f"**{d.criterion} {d.name[k]}**  \n"
            f"**{t('a11y_where')}:** {d.where[k]}  \n"
            f"**{t('a11y_why')}:** {d.reason[k]}  \n"
            f"**{t('a11y_means')}:** {d.consequence[k]}  \n"
            f"**{t('a11y_found_by')}:** {found}"
        )

st.header(t("a11y_test"))
record = a11y.check_record()
if record:
    st.markdown(t("a11y_checked", date=fmt_date(record["date"], lang)))
    st.markdown(
        t(
            "a11y_axe",
            version=record["axe_version"],
            n_pages=len(record["pages"]),
            viewports=" og ".join(record["viewports"]) if lang != "en" else " and ".join(record["viewports"]),
            n_checks=record["checks"],
        )
    )
else:
    st.markdown(t("a11y_not_checked"))
st.markdown(t("a11y_more_tests"))

st.header(t("a11y_about_statement"))
st.markdown(t("a11y_about_statement_text"))
