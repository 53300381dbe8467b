"""The finished page's one scan: loads from other hosts, and the search dialog's name."""

from __future__ import annotations

import base64
import hashlib

import pytest
import smoke_check

from mkdocs_d2l_site.final_page import finish, scan, template_scripts

OWN = {"example.org"}
#: Inline scripts as templates write them: one whose value changes with the page's depth.
TEMPLATE = """<head><script>__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)</script>
{#- a comment -#}<script type="application/json">{{ config | tojson }}</script>
<script>document.documentElement.className = "js"</script></head>"""
KNOWN = template_scripts({"main.html": TEMPLATE})


def unexpected(body: str) -> list[tuple[str, int | None]]:
    page = f'<html><head><script>__md_scope=new URL("..",location)</script></head>{body}</html>'
    return [(found.text, found.cell) for found in finish(page, OWN, KNOWN).unexpected]


@pytest.mark.parametrize(
    ("html", "loads"),
    [
        ('<img src="https://cdn.test/a.png">', ["https://cdn.test/a.png"]),
        ('<img srcset="/a.png 1x, //cdn.test/a2.png 2x">', ["//cdn.test/a2.png"]),
        ('<script src="http://cdn.test/x.js"></script>', ["http://cdn.test/x.js"]),
        ('<link rel="stylesheet" href="https://fonts.test/css">', ["https://fonts.test/css"]),
        ('<link rel="preconnect" href="https://fonts.test">', ["https://fonts.test"]),
        ('<iframe src="https://video.test/embed"></iframe>', ["https://video.test/embed"]),
        (
            '<video poster="https://v.test/p.jpg"><source src="https://v.test/v.mp4"></video>',
            ["https://v.test/p.jpg", "https://v.test/v.mp4"],
        ),
        ('<audio src="https://a.test/s.ogg"></audio>', ["https://a.test/s.ogg"]),
        (
            "<div style=\"background: url('https://img.test/b.png')\"></div>",
            ["https://img.test/b.png"],
        ),
        (
            "<style>@import 'https://css.test/a.css'; p { background: url(//img.test/c.png) }</style>",
            ["//img.test/c.png", "https://css.test/a.css"],
        ),
        # not loads from another host:
        ('<a href="https://zh.d2l.ai/">the book</a>', []),
        ('<link rel="canonical" href="https://elsewhere.test/page/">', []),
        ('<img src="../figures/a.svg"><script src="/assets/x.js"></script>', []),
        ('<img src="https://example.org/calculus/a.png">', []),
        ('<img src="data:image/png;base64,AAAA">', []),
        ("<p>url(https://text.test/not-css.png)</p>", []),
    ],
)
def test_foreign_loads(html: str, loads: list[str]) -> None:
    assert sorted(finish(html, OWN, KNOWN).foreign) == sorted(loads)


def test_search_dialog_gets_an_accessible_name_and_nothing_else_changes() -> None:
    page = (
        '<img src="a.png">\n<div class="md-search" data-md-component="search" role="dialog">'
        "\r<p>x</p></div>"
    )
    assert finish(page, OWN, KNOWN).html == page.replace(
        'role="dialog">', 'role="dialog" aria-label="搜索">'
    )
    named = finish(page, OWN, KNOWN).html
    assert finish(named, OWN, KNOWN).html == named  # already named: left alone


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = 1 &amp;&amp; 2;</script><script type="application/json">{"x": 1}</script>
<script type="module">
  import "./m.js";
</script><script src="s.js"></script></head>
<body><script>var a = 1 &amp;&amp; 2;</script></body></html>"""


def test_the_policy_hashes_each_inline_script_as_written() -> None:
    known = template_scripts({"main.html": PAGE})
    html = finish(PAGE, OWN, known).html
    assert html.startswith(
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="'
    )
    policy = html.split('content="', 1)[1].split('"', 1)[0]
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    expected = {
        policy_hash("var a = 1 &amp;&amp; 2;"),  # the same script twice: one hash
        # The browser hashes every byte between the tags, the newlines and indent too.
        policy_hash('\n  import "./m.js";\n'),  # JSON data is not a script
    }
    assert directives["script-src"] == "'self' " + " ".join(sorted(expected))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"  # forms do not fall back to default-src
    assert "unsafe-inline" not in directives["script-src"]
    assert finish(PAGE, OWN, known).uncovered == []


def policy_hash(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'"


@pytest.mark.parametrize(
    "body",
    [
        '<img src="a.png" onerror="alert(1)">',
        '<a href="javascript:void(0)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',  # a URL parser drops tabs and newlines
        '<a href=" JAVA\nSCRIPT:alert(1)">x</a>',
        '<a href="&#106;avascript&colon;alert(1)">x</a>',
        '<form action="&#x01;javascript:alert(1)"></form>',  # leading controls are stripped
        '<svg><a xlink:href="javascript&Tab;:alert(1)"><text>x</text></a></svg>',
    ],
)
def test_what_a_hash_cannot_allow_is_reported(body: str) -> None:
    page = f"<html><head></head><body>{body}</body></html>"
    assert len(finish(page, OWN, KNOWN).uncovered) == 1


def test_only_the_templates_inline_scripts_are_allowed_at_any_depth() -> None:
    known = '<script>__md_scope=new URL("../..",location)</script>'
    data = '<script type="application/json">{"a": 1}</script><script type="text/plain">x</script>'
    page = f"<html><head>{known}</head><body>{data}</body></html>"
    assert finish(page, OWN, KNOWN).unexpected == []
    assert "'sha256-" in finish(page, OWN, KNOWN).html


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(1)</script>",
        '<script>__md_scope=new URL("..",location);alert(1)</script>',  # more than the template
        '<script>__md_scope=new URL("..",alert(1),"",location)</script>',  # into its value
        '<script type="text/ecmascript">alert(1)</script>',  # JavaScript MIME types all run
        '<script type=" Application/X-JavaScript ">alert(1)</script>',
        '<script language="javascript">alert(1)</script>',
        '<script type="module">import "/m.js"</script>',
        '<script type="importmap">{"imports": {}}</script>',
    ],
)
def test_any_other_inline_script_is_reported_and_not_allowed(script: str) -> None:
    page = f"<html><head></head><body>{script}</body></html>"
    finished = finish(page, OWN, KNOWN)
    assert len(finished.unexpected) == 1
    assert "'sha256-" not in finished.html  # not in the policy: the browser blocks it


def test_a_script_in_a_chapter_cell_names_the_cell() -> None:
    cells = (
        '<div class="d2l-cell"><pre>1</pre></div>'
        '<div class="d2l-cell"><div class="d2l-output"><div><script>alert(2)</script></div>'
        '<img src="x.png" onload="f()"></div></div>'
        "<p><script>alert(3)</script></p>"
    )
    assert unexpected(cells) == [("alert(2)", 2), ("alert(3)", None)]
    finished = finish(f"<html><head></head><body>{cells}</body></html>", OWN, KNOWN)
    assert [found.cell for found in finished.uncovered] == [2]
    assert finished.unexpected[0].place() == "第 2 个代码单元格的输出里"


def test_a_document_without_head_gets_no_policy() -> None:
    sitemap = '<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>'
    assert finish(sitemap, OWN, KNOWN).html == sitemap


#: Every kind of reference a page can make, and every <link> rel the two readers judge.
RELS = [
    *("stylesheet", "icon", "shortcut icon", "apple-touch-icon", "manifest", "preload"),
    *("modulepreload", "prefetch", "preconnect", "dns-prefetch", "canonical", "alternate"),
    *("prev", "next", "author", "license", "me", "bookmark", "alternate stylesheet"),
]
EVERY_REFERENCE = (
    '<script src="s.js"></script><img src="i.png" srcset="i1.png 1x, i2.png 2x">'
    '<input type="image" src="in.png"><iframe src="f.html"></iframe>'
    '<source src="so.mp4" srcset="so.webp"><video src="v.mp4" poster="p.png"></video>'
    '<audio src="a.mp3"></audio><track src="t.vtt"><embed src="e.swf"><object data="o.svg">'
    '</object><svg><image href="si.png"></image><image xlink:href="sx.png"></image>'
    '<use href="#a"></use><use xlink:href="sprite.svg#b"></use></svg>'
    + "".join(f'<link rel="{rel}" href="{rel.replace(" ", "-")}.link">' for rel in RELS)
)


def test_the_build_and_the_smoke_check_agree_on_what_a_page_loads() -> None:
    """final_page (the build's promise) and tools/smoke_check.py (the deployed site) must
    count the same references as loads: one that only one of them saw would be unchecked."""
    by_build = scan(EVERY_REFERENCE).loads
    by_smoke_check = [ref.url for ref in smoke_check.page_refs(EVERY_REFERENCE).loaded]
    assert sorted(by_build) == sorted(by_smoke_check)
    assert {"in.png", "sx.png", "preconnect.link"} <= set(by_build)
    assert "canonical.link" not in by_build
