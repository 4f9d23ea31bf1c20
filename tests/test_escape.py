"""Escaping by context and the page policy, one rule at a time (the injection test covers them together)."""

from __future__ import annotations

import pytest

from build_tools.diagnostics import BuildError
from build_tools.render.escape import safe_url, template_value, theme_text
from build_tools.site.harden import POLICY, harden, harden_site


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.gov.uk/x", True),
        ("http://example.org/", True),
        ("mailto:a@example.org", True),
        ("../code/x/", True),
        ("#p1", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:x", False),
        ("//evil.example/", False),
    ],
)
def test_urls_are_allow_listed_by_scheme(url, kept):
    assert (safe_url(url) != "") is kept


def test_template_values_are_inert_as_html_and_markdown():
    out = str(template_value('[a](javascript:x) {: onclick="y" } <b> `c` *d*'))
    assert out == (
        "&#91;a&#93;(javascript:x) &#123;: onclick=&#34;y&#34; &#125; &lt;b&gt; &#96;c&#96; &#42;d&#42;"
    )
    assert template_value(3) == 3


def test_theme_text_is_one_escaped_line():
    assert theme_text('x">\n\n<script>') == "x&#34;&gt; &lt;script&gt;"


def test_policy_allows_only_the_sites_own_scripts():
    page = harden("<html><head><title>t</title></head><body></body></html>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">' in page
    assert (
        "script-src 'self';" in POLICY
        and "sha256" not in POLICY
        and "unsafe-inline" not in POLICY.split("style-src")[0]
    )


def test_a_page_with_an_inline_script_fails_the_build(tmp_path):
    (tmp_path / "a.html").write_text("<html><head></head><body><script>alert(1)</script></body></html>")
    (tmp_path / "b.html").write_text(
        '<html><head></head><body><script type="application/json">{}</script></body></html>'
    )
    with pytest.raises(BuildError) as error:
        harden_site(tmp_path)
    assert [str(d) for d in error.value.diagnostics] == [
        "site/a.html: error: inline script 'alert(1)' would be blocked by the Content-Security-Policy — "
        "serve it as a file from the site (see overrides/partials/javascripts/); never inline"
    ]


def test_the_pdf_step_never_fetches_from_the_network():
    from build_tools.pdf.write import local_only

    for url in ("http://203.0.113.7/x.png", "https://example.org/a.css", "ftp://x/y"):
        with pytest.raises(ValueError, match="fetches local files only"):
            local_only(url)
