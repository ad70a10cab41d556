"""The public "信用周村" site: the views that the publisher freezes, and their settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from jinja2 import pass_context
from markupsafe import Markup

#: record cards kept for the page that shows them next (a subject's report after its page)
CARDS_KEPT = 4096
#: list lines kept for the pages that show them next (a month's, then its departments'), at most
LINES_KEPT = 50_000
#: where they are kept (`app.extensions`): the publisher forgets them when the lists are done
LINES = "xinyong.site.lines"


@dataclass
class Lines:
    """The list lines made for one month of one list (`with_lines`), by the entry's reference."""

    month: tuple[str | None, str | None] | None = None
    made: dict[str, tuple[object, Markup]] = field(default_factory=dict)

    def of(self, month: tuple[str | None, str | None]) -> dict[str, tuple[object, Markup]]:
        if month != self.month or len(self.made) >= LINES_KEPT:
            self.forget()
            self.month = month
        return self.made

    def forget(self) -> None:
        self.month = None
        self.made = {}


def register(app: Flask) -> None:
    """Settings, template helpers and the site's blueprint, on the app `create_app` builds."""
    from xinyong.site import links, pages, templating, views

    # before any template compiles: printed values escaped with fewer calls (same bytes)
    templating.use(app)

    # the settings are the table's (credit/settings.py); a config file may give text
    app.config["RELEASES_KEPT"] = int(app.config["RELEASES_KEPT"])

    @pass_context
    def url(context, target: str) -> str:
        if context.get("absolute_links"):
            return links.absolute(context["site"]["base_url"], links.output_file(target))
        return links.relative(context["page"], target)

    def forms(route: str, **params: str) -> str:
        """A link into the forms app; no page context needed (`pages.settings`' `forms_url`), so
        macros that link there are imported without a context, made once, not once a page."""
        return links.forms(str(app.config["FORMS_URL"]), route, **params)

    @pass_context
    def linked(context, pairs: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
        """`(label, target)` pairs with each target as `url` links it: a pager's links in one call."""
        return [(label, url(context, target)) for label, target in pairs]

    lines = app.extensions.setdefault(LINES, Lines())

    @pass_context
    def with_lines(context, entries: list[Any]) -> list[tuple[str, Markup]]:
        """List entries' subject links (`url`), each with the rest of its line
        (site/month_line.html), in one call a page.

        The rest is the same on every page that shows the entry (its month's page and its
        department's): made once for them (kept by the entry itself, as `with_cards`).
        """
        line = app.jinja_env.get_template("site/month_line.html").module.entry_line
        made = lines.of((context.get("which"), context.get("period")))
        shown = []
        for entry in entries:
            ref = entry.record.ref
            cached = made.get(ref)
            if cached is None or cached[0] is not entry:
                cached = made[ref] = (entry, line(entry))
            shown.append((url(context, links.subject(entry.subject.key)), cached[1]))
        return shown

    @pass_context
    def absolute(context, target: str) -> str:
        return links.absolute(context["site"]["base_url"], target)

    shared: dict[tuple, Markup] = {}

    @pass_context
    def chrome(context, part: str) -> Markup:
        """The header, navigation and footer: the same on every page of a depth, made once."""
        page, site = context["page"], context["site"]
        absolute_links = bool(context.get("absolute_links"))
        key = (part, page.count("/"), absolute_links, site["base_url"], site["forms_url"])
        if key not in shared:
            module = app.jinja_env.get_template("chrome.html").make_module(
                {"page": page, "site": site, "absolute_links": absolute_links}
            )
            shared[key] = Markup(getattr(module, part)())
        return shared[key]

    cards: dict[str, tuple[object, Markup]] = {}

    def with_cards(records) -> list[tuple[object, Markup]]:
        """Records each with its card's body (macros.html `card_body`), in one call a list.

        The subject page and its report show the same records: the body is made
        once for the two, and the card is the same object for both (a cache keyed
        by the record itself, never by a value that two records could share).
        """
        made = []
        card_body = None  # the macro, looked up once a list
        for record in records:
            cached = cards.get(record.ref)
            if cached is None or cached[0] is not record:
                if len(cards) >= CARDS_KEPT:
                    cards.clear()
                if card_body is None:
                    card_body = app.jinja_env.get_template("macros.html").module.card_body
                # a macro of an autoescaped template gives `Markup` already (Jinja's `Macro`)
                cached = cards[record.ref] = (record, card_body(record))
            made.append(cached)
        return made

    facts: list[tuple[object, Markup]] = []

    def facts_of(subject) -> Markup:
        """A subject's facts (macros.html `subject_facts`), made once for its page and its
        report, which show them one after the other (kept for the subject last shown)."""
        cached = facts[0] if facts else None
        if cached is None or cached[0] is not subject:
            made = app.jinja_env.get_template("macros.html").module.subject_facts(subject)
            cached = (subject, Markup(made))
            facts[:] = [cached]
        return cached[1]

    app.jinja_env.globals.update(
        facts_of=facts_of,
        url=url,
        linked=linked,
        with_lines=with_lines,
        forms=forms,
        absolute=absolute,
        links=links,
        chrome=chrome,
        with_cards=with_cards,
    )
    app.jinja_env.filters.update(cn_date=pages.cn_date, nl2p=pages.nl2p)
    app.register_blueprint(views.bp)
    app.register_error_handler(404, views.not_found)
