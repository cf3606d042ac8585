"""Markdown prose: what the regisseur types is formatted, nothing they type runs."""

from ilv.markdown import caption_and_notes, render_markdown


def test_paragraphs_lists_emphasis_and_links():
    html = render_markdown(
        "Een **vette** en *schuine* zin.\n\n- een\n- twee\n\nZie <https://x.be>."
    )
    assert "<p>Een <strong>vette</strong> en <em>schuine</em> zin.</p>" in html
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in html
    assert '<a href="https://x.be" rel="noopener noreferrer">https://x.be</a>' in html


def test_footnotes_stand_where_they_are_called_not_in_a_list_at_the_end():
    html = render_markdown(
        "312.533[^1] inwoners en een bron^[Bron: **VDAB**].\n\n[^1]: Bron: <https://vdab.be>\n"
    )
    assert html == (
        '<p>312.533<span class="footnote">Bron: <a href="https://vdab.be" '
        'rel="noopener noreferrer">https://vdab.be</a></span> inwoners en een bron'
        '<span class="footnote">Bron: <strong>VDAB</strong></span>.</p>\n'
    )


def test_a_captions_notes_are_kept_apart_to_stand_under_the_table():
    caption, notes = caption_and_notes("Overzicht *contingent*^[Spoor 2 is actief in **Bornem**]")
    assert caption == "Overzicht <em>contingent</em>"
    assert notes == ("Spoor 2 is actief in <strong>Bornem</strong>",)


def test_html_scripts_and_javascript_links_never_run():
    html = render_markdown(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1))"
        '\n\n<span class="footnote evil" onclick="x">y</span>'
    )
    assert (
        "<script" not in html
        and "<img" not in html
        and "onerror=" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    )
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<span" not in html


def test_headings_are_not_markdown_here_so_the_outline_stays_the_documents():
    assert render_markdown("# Kop") == "<p># Kop</p>\n"


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and caption_and_notes("") == ("", ())


def test_a_footnote_inside_a_footnote_is_dropped_not_an_error():
    assert render_markdown("a^[x^[y]]") == '<p>a<span class="footnote">x</span></p>\n'
    html = render_markdown("a[^1]\n\n[^1]: b[^2]\n\n[^2]: c")
    assert html.startswith('<p>a<span class="footnote">b</span></p>')
    assert caption_and_notes("Tabel^[a^[b]]") == ("Tabel", ("a", "b"))  # both stand under it
