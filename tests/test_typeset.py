"""Ties (design/typeset.py): where a line may not break, and where a title breaks."""

from __future__ import annotations

from handouts.design.typeset import (
    NBSP,
    headline,
    mark_last_paragraph,
    mark_short_lists,
    ties,
    ties_html,
    title,
    title_beside,
)


def test_a_range_in_words_is_tied_with_no_break_spaces_not_a_span() -> None:
    """A span there made WeasyPrint break the line before it far too early ("Another / study
    looked at 60 young women aged 18 to 30")."""
    assert str(ties("aged 18 to 30 here")) == f"aged 18{NBSP}to{NBSP}30{NBSP}here"
    assert "<span" not in str(ties("open 8am to 7pm"))


def test_a_range_with_a_dash_keeps_its_span() -> None:
    assert str(ties("open 8:30–17:30")) == 'open <span class="nobr">8:30–17:30</span>'


def test_a_time_to_noon_or_midnight_is_a_range_too() -> None:
    """Lakeshore's "Sat 8am–noon" broke after its dash on the A5 aftercare sheet's foot."""
    assert '<span class="nobr">8am–noon</span>' in str(ties("Sat 8am–noon"))
    assert "9pm\u00a0to\u00a0midnight" in str(ties("open 9pm to midnight"))


def test_the_last_two_words_of_a_paragraph_or_item_stay_together() -> None:
    assert str(ties("worse when you breathe in")).endswith(f"breathe{NBSP}in")
    html = str(ties_html("<p>It can start up to 2 days later.</p><li>a spot of blood</li>"))
    assert f"days{NBSP}later.</p>" in html and f"of{NBSP}blood</li>" in html
    cite = '<sup class="cite">[2]</sup>'
    cited = str(ties_html(f"<p>Most people felt sore the day after needling{cite}.</p>"))
    assert f"after{NBSP}needling<sup" in cited  # the word carrying the mark is not left alone
    assert str(ties("Call now")) == "Call now"  # too short to matter
    assert str(ties("more than 3 days, or gets", last=False)).endswith(" gets")


def test_a_headline_breaks_after_its_colon() -> None:
    assert str(headline("After dry needling: how to look after yourself")) == (
        f"After dry needling:<br>how to look after{NBSP}yourself"
    )
    long = str(headline("Dry needling for neck and shoulder pain: what studies show"))
    assert long == (
        f"Dry needling for{NBSP}neck and{NBSP}shoulder{NBSP}pain:<br>what studies{NBSP}show"
    )
    assert str(headline("Dry needling & you")) == str(title("Dry needling & you"))
    safety = str(headline("Dry needling: side effects and how safe it is"))
    assert safety == f"Dry needling:<br>side effects and how{NBSP}safe{NBSP}it{NBSP}is"
    assert "<b>" not in str(headline("<b>x</b>: y z w"))  # escaped, as every filter


def test_a_title_measures_its_tail_in_letters_not_escaped_markup() -> None:
    """'& Spine' is 7 letters, though '&amp; Spine' is 11: the tie takes 'Sports' too."""
    assert str(title("Lakeshore Sports & Spine")) == f"Lakeshore Sports{NBSP}&amp;{NBSP}Spine"


def test_lists_of_four_items_or_fewer_are_kept_together() -> None:
    """Four items or fewer of up to 320 letters stay on one page or panel (class "short");
    five items, or four long ones, may break between them."""
    short = "<ul><li>needling alone</li><li>stretching alone</li><li>both</li></ul>"
    assert str(mark_short_lists(short)).startswith('<ul class="short">')
    five = "<ol>" + "<li>one</li>" * 5 + "</ol>"
    assert str(mark_short_lists(five)) == five
    item = "<li>It does not help everyone. For long-lasting pain it added <b>nothing</b>.</li>"
    assert str(mark_short_lists("<ul>" + item * 4 + "</ul>")).startswith('<ul class="short">')
    long = "<li>" + "Needling may ease neck and shoulder pain for a short time. " * 2 + "</li>"
    assert str(mark_short_lists("<ul>" + long * 3 + "</ul>")) == "<ul>" + long * 3 + "</ul>"


def test_a_titles_first_words_after_its_colon_stay_together() -> None:
    """Large print's title broke "After dry needling: how / to look after yourself"; the words
    after the colon are tied up to three and 10 letters, so the line breaks at the colon."""
    assert str(title("After dry needling: how to look after yourself")).startswith(
        f"After dry needling: how{NBSP}to{NBSP}look after"
    )
    assert f"side{NBSP}effects and" in str(title("Dry needling: side effects and how safe it is"))
    assert str(title("Shoulder pain: what studies show")).endswith(f"what{NBSP}studies{NBSP}show")


def test_a_headline_never_ends_a_line_on_a_joining_word() -> None:
    """The booklet cover and the poster broke "Dry needling for neck and / shoulder pain:";
    "and", "for" and the like are tied to the word after them, so the line breaks before."""
    head = str(headline("Dry needling for neck and shoulder pain: what studies show"))
    assert f"for{NBSP}neck and{NBSP}shoulder" in head
    assert f"neck{NBSP}and" not in head


def test_a_short_last_sentence_moves_whole() -> None:
    """A key point ended "… soreness. Get / help now.": a last sentence of three short words is
    tied whole, so it starts a line rather than leave its first word behind."""
    point = str(ties("Chest pain or trouble breathing is not normal soreness. Get help now."))
    assert point.endswith(f"soreness. Get{NBSP}help{NBSP}now.")
    assert str(ties("worse when you breathe in")).endswith(f"breathe{NBSP}in")


def test_the_closing_paragraph_is_marked_to_stay_with_what_comes_before() -> None:
    """ "You can say no to needling at any time." opened large print's contact page alone."""
    html = "<h2>Talk</h2>\n<p>One.</p>\n<ul><li>x</li></ul>\n<p>You can say <b>no</b>.</p>\n"
    assert str(mark_last_paragraph(html)).endswith('<p class="last">You can say <b>no</b>.</p>\n')
    assert str(mark_last_paragraph(html)).count('class="last"') == 1
    assert 'class="last"' not in str(mark_last_paragraph("<p>One.</p><ul><li>x</li></ul>"))


def test_titles_side_by_side_put_the_words_they_share_on_a_line_of_their_own() -> None:
    """The red-flag box's halves end their titles alike ("… if you have"): those words go in a
    `title-tail` span that side-by-side layouts set on its own line, so both titles take two
    lines; titles that share fewer than two words, or would keep no words of their own, are
    set as `title` sets them. Untrusted text stays escaped."""
    urgent, soon = (
        "Get emergency help now if you have",
        "Call the clinic or your doctor if you have",
    )
    assert str(title_beside(urgent, soon)) == (
        f'{title("Get emergency help now")} <span class="title-tail">if{NBSP}you{NBSP}have</span>'
    )
    assert str(title_beside(soon, urgent)).endswith(
        f'<span class="title-tail">if{NBSP}you{NBSP}have</span>'
    )
    assert str(title_beside("Get help now", "Call us soon")) == str(title("Get help now"))
    assert str(title_beside("if you have", "if you have")) == str(title("if you have"))
    assert "<b>" not in str(title_beside("<b>Act</b> now if you have", soon))
