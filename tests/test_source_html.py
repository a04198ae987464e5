"""The HTML reader: what is prose, what is skipped, and exact offsets back to the file."""

from __future__ import annotations

import html
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.sources.base import LineIndex, Source
from claimcheck.sources.html import read_html

# -- helpers ---------------------------------------------------------------------------


def kinds(source: Source) -> list[tuple[str, str]]:
    return [(segment.kind, source.prose[segment.start : segment.end]) for segment in source.segments]


def source_of(source: Source, phrase: str) -> str:
    start = source.prose.index(phrase)
    s, e = source.source_range(start, start + len(phrase))
    return source.original[s:e]


def position_of(source: Source, phrase: str) -> tuple[int, int]:
    start = source.prose.index(phrase)
    s, _ = source.source_range(start, start + len(phrase))
    return LineIndex(source.original).position(s)


SUPERSCRIPTS = dict(zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹", strict=True))


def justified(original: str, prose_char: str) -> bool:
    """May this prose character stand for this source text?"""
    if original == prose_char:
        return True
    if prose_char == " ":
        # collapsed white space, possibly with white-space references in it, or the
        # boundary before superscript text, mapped to its <sup> tag
        return original.isspace() or html.unescape(original).isspace() or original.lower().startswith("<sup")
    if prose_char == "\n":
        return original.lower().startswith(("<br", "</br"))
    if prose_char in SUPERSCRIPTS.values():
        return SUPERSCRIPTS.get(original) == prose_char  # a citation number in <sup>
    if original.startswith("&"):
        return prose_char in html.unescape(original)
    return False


def check_offsets(source: Source, rng: random.Random, spans: int = 40) -> None:
    """Every prose character maps to source text that justifies it; random spans map
    to the exact range from their first character's source to their last one's; a
    span inside ordinary text has the same text in the source."""
    prose, original = source.prose, source.original
    ranges: dict[int, tuple[int, int]] = {}
    for segment in source.segments:
        previous_end = -1
        for index in range(segment.start, segment.end):
            s, e = source.source_range(index, index + 1)
            assert 0 <= s < e <= len(original), (index, prose[index], s, e)
            piece = original[s:e]
            if not justified(piece, prose[index]):
                # a multi-character decoded reference maps as a whole
                assert piece.startswith("&") and prose[index] in html.unescape(piece), (prose[index], piece)
            assert s >= previous_end or original[s:e] == original[ranges[index - 1][0] : ranges[index - 1][1]]
            previous_end = e
            ranges[index] = (s, e)
    for _ in range(spans):
        if not source.segments:
            break
        segment = rng.choice(source.segments)
        a = rng.randrange(segment.start, segment.end)
        b = rng.randrange(a + 1, min(segment.end, a + 12) + 1)
        s, e = source.source_range(a, b)
        assert (s, e) == (ranges[a][0], ranges[b - 1][1])
        identity = all(
            original[ranges[i][0] : ranges[i][1]] == prose[i] and (i == a or ranges[i][0] == ranges[i - 1][1])
            for i in range(a, b)
        )
        if identity:
            assert original[s:e] == prose[a:b]
        elif b - a == 1 and original[s:e].startswith("&"):
            assert prose[a] in html.unescape(original[s:e]) or html.unescape(original[s:e]).isspace()


PAGE = """<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Stem Cell &amp; PRP Clinic</title>
  <meta name="description" content="We &quot;repair&quot; knees">
  <meta property="og:title" content="not read">
  <style>body { color: red }</style>
  <script>var claim = "cures everything";</script>
  <link rel="stylesheet" href="x.css">
</head>
<body>
<header><a href="/">Logo text</a><nav><a href="/about">About us</a></nav></header>
<div role="navigation">Menu item</div>
<main>
<article>
  <h1>Regenerative   therapy</h1>
  <p>Our treatment reduces pain<sup><a href="#ref3">3</a></sup> in knees.</p>
  <p>Patients&nbsp;report <strong>lasting</strong> relief &#8212; see
     <a href="https://pubmed.ncbi.nlm.nih.gov/1/">the study</a>.</p>
  <pre>code block text</pre>
  <p>Call <code>1-800-CURE</code> now.</p>
  <img src="a.png" alt="Smiling &amp; pain-free patient" title="Photo credit">
  <footer>Article footer: results vary.</footer>
</article>
</main>
<template><p>template text</p></template>
<noscript>Enable JavaScript</noscript>
<svg><title>svg title</title><text>svg text</text></svg>
<footer>Site footer links</footer>
<!-- claimcheck-disable cure-claim -->
</body>
</html>
"""


def test_page_prose_and_kinds():
    source = read_html(PAGE, "page.html")
    assert source.format == "html"
    assert kinds(source) == [
        ("title", "Stem Cell & PRP Clinic"),
        ("meta", 'We "repair" knees'),
        ("heading", "Regenerative therapy"),
        ("paragraph", "Our treatment reduces pain³ in knees."),
        ("paragraph", "Patients report lasting relief — see the study."),
        ("paragraph", "Call now."),
        ("alt", "Smiling & pain-free patient"),
        ("title", "Photo credit"),
        ("paragraph", "Article footer: results vary."),
        ("footer", "Site footer links"),
    ]
    for hidden in (
        "cures everything",
        "color",
        "Logo",
        "About",
        "Menu",
        "code block",
        "1-800",
        "template",
        "JavaScript",
        "svg",
        "not read",
        "claimcheck-disable",
        "pubmed",
    ):
        assert hidden not in source.prose


def test_title_and_meta_map_to_their_exact_characters():
    source = read_html(PAGE, "page.html")
    assert source_of(source, "Stem Cell & PRP Clinic") == "Stem Cell &amp; PRP Clinic"
    assert source_of(source, "repair") == "repair"
    assert source_of(source, '"repair"') == "&quot;repair&quot;"
    assert position_of(source, "knees") == (6, 59)


def test_citation_superscript_follows_its_word_and_links_are_recorded():
    source = read_html(PAGE, "page.html")
    assert "pain³ in" in source.prose
    links = [(source.prose[link.start : link.end], link.href) for link in source.links if link.kind == "a"]
    assert links == [("³", "#ref3"), ("the study", "https://pubmed.ncbi.nlm.nih.gov/1/")]
    superscripts = [source.prose[link.start : link.end] for link in source.links if link.kind == "sup"]
    assert superscripts == ["³"]
    assert source_of(source, "pain³") == 'pain<sup><a href="#ref3">3'


def test_entities_map_as_a_whole_and_line_columns_are_exact():
    text = (
        "<p>Intro</p>\n"
        "<p>Tom &amp; Jerry&#8482; say&#x2019;s &copy 2024 &nbsp; <b>stem cells</b> 😀 cure</p>\r\n"
        "<p>AT&T &unknown; x</p>"
    )
    source = read_html(text, "e.html")
    assert kinds(source)[1:] == [("paragraph", "Tom & Jerry™ say’s © 2024 stem cells 😀 cure"), ("paragraph", "AT&T &unknown; x")]
    assert source_of(source, "&") == "&amp;"
    assert source_of(source, "™") == "&#8482;"
    assert source_of(source, "’") == "&#x2019;"
    assert source_of(source, "©") == "&copy"
    assert source_of(source, "2024 stem") == "2024 &nbsp; <b>stem"
    assert position_of(source, "Jerry") == (2, 14)
    assert position_of(source, "stem cells") == (2, 61)
    # an emoji is one code point: "cure" is two columns after it
    assert position_of(source, "😀") == (2, 76)
    assert position_of(source, "cure") == (2, 78)
    assert position_of(source, "AT&T") == (3, 4)


def test_white_space_runs_collapse_to_one_mapped_space():
    text = "<p>  Stem\n\t  cells \r\n heal </p>"
    source = read_html(text, "w.html")
    assert source.prose == "Stem cells heal"
    assert source_of(source, "Stem cells") == "Stem\n\t  cells"
    start = source.prose.index(" cells")
    assert source.source_range(start, start + 1) == (text.index("\n"), text.index("cells"))


def test_blocks_split_segments_and_inline_elements_do_not():
    text = (
        "<div>Intro <span>inline</span> <em>text</em><p>Para <b>bold</b><i>italic</i></p>tail of div</div>"
        "<ul><li>One</li><li><p>Two</p></li></ul><table><caption>Cap</caption><tr><th>Head</th><td>Cell</td></tr></table>"
        "<blockquote><p>Quoted</p></blockquote><figure><figcaption>Fig</figcaption></figure><dl><dt>Term</dt><dd>Def</dd></dl>"
        "<p>line one<br>line two<br/>  line three</p><h3>Sub</h3>"
    )
    assert kinds(read_html(text, "b.html")) == [
        ("paragraph", "Intro inline text"),
        ("paragraph", "Para bolditalic"),
        ("paragraph", "tail of div"),
        ("list_item", "One"),
        ("list_item", "Two"),
        ("caption", "Cap"),
        ("table_cell", "Head"),
        ("table_cell", "Cell"),
        ("blockquote", "Quoted"),
        ("caption", "Fig"),
        ("list_item", "Term"),
        ("list_item", "Def"),
        ("paragraph", "line one\nline two\nline three"),
        ("heading", "Sub"),
    ]


def test_line_break_maps_to_its_tag():
    text = "<p>one<br>two</p>"
    source = read_html(text, "br.html")
    start = source.prose.index("\n")
    assert source_of(source, "one\ntwo") == "one<br>two"
    assert source.source_range(start, start + 1) == (6, 10)


def test_alt_and_title_attributes_are_segments_after_their_block():
    text = (
        '<p title="Para &amp; tip">Before <img alt="A  happy\npatient" src="x.png"> '
        'after <abbr title="mesenchymal">MSC</abbr>.</p>'
    )
    source = read_html(text, "a.html")
    assert kinds(source) == [
        ("title", "Para & tip"),
        ("paragraph", "Before after MSC."),
        ("alt", "A happy patient"),
        ("title", "mesenchymal"),
    ]
    assert source_of(source, "happy patient") == "happy\npatient"
    assert source_of(source, "mesenchymal") == "mesenchymal"
    assert source_of(source, "Para & tip") == "Para &amp; tip"


def test_image_inside_a_link_is_the_link_text():
    source = read_html('<p>See <a href="https://doi.org/10.1/x"><img src="b.svg" alt="DOI"></a>.</p>', "l.html")
    assert kinds(source) == [("paragraph", "See DOI.")]
    assert [(source.prose[link.start : link.end], link.href) for link in source.links] == [("DOI", "https://doi.org/10.1/x")]


def test_header_and_footer_are_skipped_only_as_page_chrome():
    text = (
        "<body><header>Site banner</header><div><footer>Page footer</footer></div>"
        "<section><header>Section header</header><p>Body</p><footer>Section footer</footer></section>"
        "<article><footer>Article footer</footer></article><aside><header>Aside header</header></aside></body>"
    )
    assert [text for _, text in kinds(read_html(text, "h.html"))] == [
        "Page footer",
        "Section header",
        "Body",
        "Section footer",
        "Article footer",
        "Aside header",
    ]


def test_navigation_and_hidden_content_are_skipped():
    text = (
        '<nav><p>Nav para</p></nav><ul role="menubar navigation"><li>Menu</li></ul><p>Kept</p>'
        "<script>document.write('<p>scripted</p>')</script><style>p::after{content:'styled'}</style>"
        "<template>Tpl</template><noscript>Nos</noscript><svg><text>Svg</text></svg><math><mi>x</mi></math>"
        "<pre>Pre <b>bold</b></pre><p>Also <code>code</code> kept</p><textarea>Typed</textarea>"
    )
    source = read_html(text, "n.html")
    assert kinds(source) == [("paragraph", "Kept"), ("paragraph", "Also kept")]


def test_footnote_sections_have_footnote_kind():
    text = (
        '<p>Claim<sup><a href="#fn1">1</a></sup></p>'
        '<section class="footnotes"><ol><li id="fn1"><p>Smith 2020.</p></li></ol></section>'
    )
    assert kinds(read_html(text, "f.html")) == [("paragraph", "Claim¹"), ("footnote", "Smith 2020.")]


def test_comments_are_recorded_with_their_source_range():
    text = "<p>a<!-- one --></p><!--two\nlines--><script>/* <!-- not a comment --> */</script><p>b <!-- unclosed"
    source = read_html(text, "c.html")
    assert [comment.text for comment in source.comments] == ["<!-- one -->", "<!--two\nlines-->", "<!-- unclosed"]
    for comment in source.comments:
        assert text[comment.source_start : comment.source_end] == comment.text
    assert source.prose == "a\n\nb"


def test_soft_hyphens_and_zero_width_spaces_are_dropped():
    source = read_html("<p>stem&shy;cell re\u00adgrowth zero\u200bwidth</p>", "s.html")
    assert source.prose == "stemcell regrowth zerowidth"
    assert source_of(source, "stemcell") == "stem&shy;cell"


def test_missing_head_and_body_tags():
    text = "<title>Only title</title><meta name=Description content='Plain value'><p>Body text</p>"
    source = read_html(text, "m.html")
    assert kinds(source) == [("title", "Only title"), ("meta", "Plain value"), ("paragraph", "Body text")]
    assert source_of(source, "Plain value") == "Plain value"
    head_then_text = read_html("<head><title>T</title>Text after head", "m.html")
    assert kinds(head_then_text) == [("title", "T"), ("paragraph", "Text after head")]


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("<p>unclosed <b>bold <i>italic</p></div></span> after", "unclosed bold italic\n\nafter"),
        ("</div></p></li>stray end tags", "stray end tags"),
        ("<p>5 < 6 and 7 > 3 and a <b and c", "5 < 6 and 7 > 3 and a <b and c"),
        ("<div>a<p>b</div>c", "a\n\nb\n\nc"),
        ("<p>x<div/>y</p>", "x\n\ny"),
        ("<svg/><p>after a self-closed svg</p>", "after a self-closed svg"),
        ("<script>never closed <p>hidden", ""),
        ("<p>text &amp", "text &"),
        ("<<<>>>&&&;;;", "<<<>>>&&&;;;"),
        ("", ""),
        ("<p>" + "<span>" * 5000 + "deep" + "</span>" * 5000 + "</p>", "deep"),
        ("<div>" * 5000 + "deeper", "deeper"),
        ("</div>" * 5000 + "after strays" + "<p>" * 5000, "after strays"),
        ("<a href=x>" * 3000 + "link", "link"),
    ],
)
def test_malformed_html_degrades_gracefully(text, prose):
    source = read_html(text, "bad.html")
    assert source.prose == prose
    check_offsets(source, random.Random(0))


def test_crlf_and_lone_cr_positions():
    text = "<p>first</p>\r\n<p>second\rline</p>\r\n<p>third &amp; last</p>"
    source = read_html(text, "cr.html")
    assert source.prose == "first\n\nsecond line\n\nthird & last"
    assert position_of(source, "second") == (2, 4)
    assert position_of(source, "line") == (3, 1)  # LineIndex counts a lone \r as a line break
    assert position_of(source, "last") == (4, 16)


# -- property tests -----------------------------------------------------------------------

SECRETS = ("ZQCODE", "ZQURL", "ZQCOMMENT", "ZQSCRIPT", "ZQSTYLE", "ZQNAV", "ZQIMG", "ZQPRE")
_DECOR = ("", "😀", "e\u0301", "ü", "\u4e2d", "👍🏽")
ENTITIES = ("&amp;", "&copy;", "&#8482;", "&#x2019;", "&nbsp;", "&lt;", "&gt;", "&quot;", "&eacute;", "&copy ")
SPACES = (" ", "  ", "\n", "\r\n", "\t", " \r\n  ")


@st.composite
def words(draw) -> str:
    return f"w{draw(st.integers(0, 10**6))}{draw(st.sampled_from(_DECOR))}"


@st.composite
def inline(draw, visible: list[str]) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 12))
        word = draw(words())
        if choice <= 2:
            visible.append(word)
            parts.append(word)
        elif choice == 3:
            visible.append(word)
            tag = draw(st.sampled_from(["b", "em", "strong", "span", "i", "small", "abbr", "cite", "sub"]))
            parts.append(f"<{tag}>{word}</{tag}>")
        elif choice == 4:
            visible.append(word)
            parts.append(f'<a href="https://example.org/ZQURL?a=1&amp;b=2">{word}</a>')
        elif choice == 5:
            visible.append(word)
            marker = draw(st.sampled_from(['<a href="#ref1">1</a>', "2,3", "12", "*", "th", "&reg;", "[4]"]))
            parts.append(f"{word}<sup>{marker}</sup>")
        elif choice == 6:
            parts.append(draw(st.sampled_from(ENTITIES)))
        elif choice == 7:
            parts.append("<code>ZQCODE</code>")
        elif choice == 8:
            parts.append("<!-- ZQCOMMENT -->")
        elif choice == 9:
            parts.append("<br>")
        elif choice == 10:
            visible.append(word)
            parts.append(f'<img src="ZQIMG.png" alt="{word}">')
        elif choice == 11:
            parts.append(draw(st.sampled_from(["5 < 6", "a > b", "x & y", "</span>", "<b>"])))
        else:
            visible.append(word)
            parts.append(f"{word}\t{word}")
            visible.append(word)
    separators = [draw(st.sampled_from(SPACES)) for _ in parts]
    return "".join(part + separator for part, separator in zip(parts, separators, strict=True))


@st.composite
def html_documents(draw) -> tuple[str, list[str]]:
    visible: list[str] = []
    blocks = []
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.integers(0, 10))
        if kind == 0:
            blocks.append(f"<p>{draw(inline(visible))}</p>")
        elif kind == 10:
            # a page footer: its prose is read, its link list is not
            blocks.append(f"<footer><p>{draw(inline(visible))}</p><ul><li><a href='/'>ZQNAV</a></li></ul></footer>")
        elif kind == 1:
            level = draw(st.integers(1, 6))
            blocks.append(f"<h{level}>{draw(inline(visible))}</h{level}>")
        elif kind == 2:
            blocks.append("<ul>" + "".join(f"<li>{draw(inline(visible))}" for _ in range(draw(st.integers(1, 3)))) + "</ul>")
        elif kind == 3:
            cells = "".join(f"<td>{draw(inline(visible))}</td>" for _ in range(draw(st.integers(1, 3))))
            blocks.append(f"<table><tr>{cells}</tr></table>")
        elif kind == 4:
            blocks.append(f"<blockquote>{draw(inline(visible))}</blockquote>")
        elif kind == 5:
            blocks.append(
                draw(
                    st.sampled_from(
                        [
                            "<pre>ZQPRE <b>ZQPRE</b></pre>",
                            "<script>if (a < b) { x = '<p>ZQSCRIPT</p>'; }</script>",
                            "<style>p { content: 'ZQSTYLE'; }</style>",
                            "<nav><a href='/'>ZQNAV</a></nav>",
                            "<!-- ZQCOMMENT\nZQCOMMENT -->",
                        ]
                    )
                )
            )
        elif kind == 6:
            blocks.append(f"<div>{draw(inline(visible))}<div>{draw(inline(visible))}</div></div>")
        elif kind == 7:
            blocks.append(f"<p>{draw(inline(visible))}")  # unclosed
        elif kind == 8:
            blocks.append("</div></span>")  # stray
        else:
            blocks.append(draw(inline(visible)))  # bare text in body
    separators = [draw(st.sampled_from(SPACES)) for _ in blocks]
    body = "".join(block + separator for block, separator in zip(blocks, separators, strict=True))
    return f"<html><head><title>ZQTITLE</title></head><body>{body}</body></html>", visible


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_documents(), st.randoms(use_true_random=False))
def test_property_prose_maps_back_exactly(document, rng):
    text, visible = document
    source = read_html(text, "p.html")
    for secret in SECRETS:
        assert secret not in source.prose
    assert source.segments[0].kind == "title"
    for word in visible:
        assert word in source.prose, word
        assert source_of(source, word) == word
    for comment in source.comments:
        assert text[comment.source_start : comment.source_end] == comment.text
    check_offsets(source, rng)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"ab <>/=\"'&#;!-\n\r\t",
                "<p>",
                "</p>",
                "<b>",
                "&amp",
                "<!--",
                "-->",
                "<br>",
                "<script>",
                "<img alt='x ",
                "😀",
                "e\u0301",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_property_arbitrary_markup_never_raises_or_mis_maps(text):
    source = read_html(text, "r.html")
    check_offsets(source, random.Random(len(text)))
