"""The site's templates print values escaped exactly as Jinja's own code would."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup, escape

from xinyong.site.templating import SiteCodeGenerator, escape_output

# text with the characters HTML escaping is about, among others
TEXT = st.text(alphabet=st.sampled_from("<>&'\"a 周村\n\t;#x"), max_size=40) | st.text(max_size=40)

VALUES = st.one_of(
    TEXT,
    TEXT.map(Markup),
    TEXT.map(escape),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.dates(),
)

TEMPLATE = """{% macro card(v) %}<p title="{{ v }}">{{ v }}</p>{% endmacro -%}
{{ value }}|{{ card(value) }}|{{ value ~ "<&>" }}|{{ [value] }}|{{ value|string }}
{% for v in [value, "<b>", 3] %}{{ v }}{% endfor %}{% autoescape false %}{{ value }}{% endautoescape %}"""


@given(VALUES)
def test_a_printed_value_is_escaped_as_markupsafe_escapes_it(value):
    assert escape_output(value) == str(escape(value))


@given(VALUES)
def test_a_template_prints_the_same_text_as_with_jinjas_own_code(value):
    jinja = Environment(autoescape=True)
    ours = Environment(autoescape=True)
    ours.code_generator_class = SiteCodeGenerator
    context = {"value": value}
    expected = jinja.from_string(TEMPLATE).render(context)
    assert ours.from_string(TEMPLATE).render(context) == expected


def test_the_site_compiles_its_templates_with_the_site_code_generator(app):
    assert app.jinja_env.code_generator_class is SiteCodeGenerator
    source = app.jinja_env.loader.get_source(app.jinja_env, "macros.html")[0]
    code = app.jinja_env.compile(source, "macros.html", raw=True)
    assert "escape_output(" in code


def test_a_page_of_the_site_escapes_what_it_prints(app):
    with app.app_context():
        template = app.jinja_env.from_string("{{ name }} {{ day|cn_date }}")
        text = template.render(name='<script>"周村"&</script>', day=dt.date(2026, 3, 2))
    assert text == "&lt;script&gt;&#34;周村&#34;&amp;&lt;/script&gt; 2026年3月2日"


def test_templates_stay_loaded_once_compiled(app):
    environment = app.jinja_env
    first = environment.get_template("site/subject.html")
    assert environment.get_template("site/subject.html") is first
    assert isinstance(environment.cache, dict)


def test_a_page_rendered_in_bulk_is_the_page_the_view_serves(app, client, session, factory):
    """`pages.render` makes the page's context itself: the bytes a request to the view gets,
    with what the subject's data say escaped."""
    from xinyong.credit import catalog, public
    from xinyong.credit.disclosure import assess
    from xinyong.site import pages

    app.config["PUBLISH_AS_OF"] = "2026-06-01"
    company = factory.company(name="周村<测试>&公司")
    penalty = catalog.current(session)["XZCF"]
    factory.record(
        company,
        title='罚款 "一千元" <b>',
        content="第一段\n<第二段>",
        **assess(penalty, dt.date(2026, 3, 2), given="general"),
    )
    session.commit()
    served = client.get(f"/subject/{company.key}/")
    file = public.file(session, company.key, dt.date(2026, 6, 1))
    made = pages.render(app, pages.subject_pages(file)[0])
    assert served.status_code == 200
    assert made == served.data
    assert "周村&lt;测试&gt;&amp;公司".encode() in made
    assert "罚款 &#34;一千元&#34; &lt;b&gt;".encode() in made
    assert "<p>第一段</p><p>&lt;第二段&gt;</p>".encode() in made
