"""The site's own stylesheets lose their comments, and nothing else."""

from __future__ import annotations

import pytest

from mkdocs_d2l_site.site_styles import StylesheetError, without_comments


def test_comments_go_rules_and_strings_stay() -> None:
    css = "/* why */\na { content: \"/* not a comment */\"; }\n\n\n/* and */b::before { content: '*/' }\n"
    assert without_comments(css) == (
        "a { content: \"/* not a comment */\"; }\nb::before { content: '*/' }\n"
    )


def test_a_comment_never_closed_is_an_error() -> None:
    with pytest.raises(StylesheetError, match="never closed"):
        without_comments("a { color: red; } /* forgot to close")
