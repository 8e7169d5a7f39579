"""The trial report as one self-contained HTML page (no external assets), Danish first, English as an option."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from jinja2 import Environment, PackageLoader, select_autoescape

from redactor.trial.survey import DIMENSIONS

_TEXT: Final[dict[str, dict[str, str]]] = {
    "da": {
        "title": "Evaluering af anonym rekruttering",
        "intro": "Rapporten viser, om ansøgere fra forskellige grupper går videre i samme takt, når første "
                 "udvælgelse sker anonymt. Oplysningerne er ansøgernes egne, frivillige svar; de er aldrig "
                 "vist for udvalget og bruges ikke til anonymiseringen.",
        "applications": "Ansøgninger med kandidatnummer",
        "consented": "Har givet samtykke og svaret",
        "not_consented": "Uden samtykke eller svar (ikke med i tallene)",
        "suppressed": "Grupper skjult fordi de har færre end {n} personer",
        "stage_screening": "Første udvælgelse: inviteret til samtale",
        "stage_interview": "Samtale: ansat",
        "dim_gender": "Køn", "dim_age_band": "Alder", "dim_origin": "Herkomst",
        "dim_country_group": "Oprindelsesland (indvandrere og efterkommere)",
        "group": "Gruppe", "applicants": "Ansøgere", "selected": "Valgt", "rate": "Andel",
        "ci": "95 %-interval", "ratio": "Forhold til højeste", "fisher": "Fishers test (p)",
        "baseline": "Tidligere runde", "hidden": "skjult (< {n})", "ref": "reference",
        "ff_fail": "under 4/5", "ff_ok": "",
        "g_uoplyst": "Ønsker ikke at oplyse",
        "method": "Metode: andel valgt pr. gruppe og trin, med 95 %-konfidensinterval (Wilson). Forholdet er "
                  "gruppens andel divideret med den højeste gruppes andel (4/5-reglen: under 0,8 bør undersøges), "
                  "med interval efter Katz' metode. Fishers eksakte test sammenligner hver gruppe med "
                  "referencegruppen. Små forskelle i små grupper kan skyldes tilfældigheder.",
        "tool": "Selve anonymiseringen",
        "documents": "Dokumenter pr. resultat", "review_rate": "Andel sendt til kontrol",
        "refused": "Afviste eller fejlede filer pr. kode", "reviewed": "Kontrollerede dokumenter",
        "undone": "Fjernet ved en fejl, gendannet af kontrollanten (pr. kategori)",
        "boxes": "Felter tegnet af kontrollanten (overset af værktøjet)",
        "terms": "Tekster tilføjet af kontrollanten (overset af værktøjet)",
        "per_doc": "pr. kontrolleret dokument",
        "review_time": "Tid fra første beslutning til godkendelse (median, minutter)",
        "none": "ingen", "clean": "ren", "needs_review": "til kontrol", "failed": "fejlet", "refused_o": "afvist",
        "generated": "Dannet",
    },
    "en": {
        "title": "Evaluation of anonymous recruitment",
        "intro": "This report shows whether applicants of different groups progress at the same rate when the "
                 "first screening is anonymous. The data are the applicants' own voluntary answers; they are "
                 "never shown to the committee and are not used for the anonymisation.",
        "applications": "Numbered applications",
        "consented": "Consented and answered",
        "not_consented": "Without consent or answers (not in the figures)",
        "suppressed": "Groups hidden because they have fewer than {n} people",
        "stage_screening": "First screening: invited to interview",
        "stage_interview": "Interview: hired",
        "dim_gender": "Gender", "dim_age_band": "Age", "dim_origin": "Origin",
        "dim_country_group": "Country of origin (immigrants and descendants)",
        "group": "Group", "applicants": "Applicants", "selected": "Selected", "rate": "Rate",
        "ci": "95 % interval", "ratio": "Ratio to highest", "fisher": "Fisher's test (p)",
        "baseline": "Earlier round", "hidden": "hidden (< {n})", "ref": "reference",
        "ff_fail": "below 4/5", "ff_ok": "",
        "g_uoplyst": "Prefer not to say",
        "method": "Method: share selected per group and stage, with a 95 % confidence interval (Wilson). The "
                  "ratio is the group's rate divided by the highest group's rate (four-fifths rule: below 0.8 "
                  "deserves a closer look), with a Katz log interval. Fisher's exact test compares each group "
                  "with the reference group. Small differences in small groups may be chance.",
        "tool": "The anonymisation itself",
        "documents": "Documents per outcome", "review_rate": "Share sent to review",
        "refused": "Refused or failed files by code", "reviewed": "Reviewed documents",
        "undone": "Removed by mistake, restored by the reviewer (by category)",
        "boxes": "Boxes drawn by the reviewer (missed by the tool)",
        "terms": "Terms added by the reviewer (missed by the tool)",
        "per_doc": "per reviewed document", "review_time": "Time from first decision to approval (median, minutes)",
        "none": "none", "clean": "clean", "needs_review": "needs review", "failed": "failed", "refused_o": "refused",
        "generated": "Generated",
    },
}
_GROUP_EN: Final = {"kvinde": "Woman", "mand": "Man", "andet": "Other", "dansk oprindelse": "Danish origin",
                    "indvandrer": "Immigrant", "efterkommer": "Descendant", "vestligt land": "Western country",
                    "ikke-vestligt land": "Non-Western country"}



def _chart(cells: Mapping[str, Mapping[str, Any]], stage: str, gname: Any, pct: Any) -> str:
    """A horizontal bar chart (inline SVG) of the rates; hidden groups are drawn as a dashed outline."""
    rows = list(cells.items())
    width, bar_w, row_h, label_w = 560, 320, 22, 190
    height = row_h * len(rows) + 8
    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, (group, stages) in enumerate(rows):
        c = stages[stage]
        y = 4 + i * row_h
        label = _esc(gname(group))
        parts.append(f'<text x="0" y="{y + 14}">{label}</text>')
        if c.get("suppressed") or c.get("rate") is None:
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="none" '
                         'stroke="#bbb" stroke-dasharray="4 3"/>')
            continue
        w = max(1.0, bar_w * float(c["rate"]))
        colour = "#a40000" if c.get("four_fifths") is False else "#2b6cb0"
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 14}">{_esc(pct(c["rate"]))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render_html(report: Mapping[str, Any], *, lang: str = "da") -> str:
    """The report as HTML in Danish (``da``) or English (``en``)."""
    if lang not in _TEXT:
        raise ValueError(f"unknown language {lang!r}")
    t = _TEXT[lang]

    def gname(g: str) -> str:
        if g == "uoplyst":
            return t["g_uoplyst"]
        return _GROUP_EN.get(g, g) if lang == "en" else g[:1].upper() + g[1:]

    def pct(x: float | None) -> str:
        if x is None:
            return "–"
        s = f"{100 * x:.1f} %"
        return s.replace(".", ",") if lang == "da" else s

    def num(x: float | None, digits: int = 2) -> str:
        if x is None:
            return "–"
        s = f"{x:.{digits}f}"
        return s.replace(".", ",") if lang == "da" else s

    def oname(k: str) -> str:
        return t.get("refused_o" if k == "refused" else k, k)

    dims = [d for d in DIMENSIONS if d in report["dimensions"]]
    stages = ("screening", "interview")
    charts = {d: {s: _chart(report["dimensions"][d]["groups"], s, gname, pct) for s in stages} for d in dims}
    env = Environment(loader=PackageLoader("redactor.trial", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("report.html.j2").render(r=report, t=t, lang=lang, dims=dims, stages=stages, charts=charts,
                                             gname=gname, pct=pct, num=num, oname=oname)
