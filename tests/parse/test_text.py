"""Description text: XML-doc markup and HTML normalised (FORMAT.md §13), `**Required**`, backticked lists."""

from __future__ import annotations

import pytest

from generator.parse.text import backticked, normalise, strip_required


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("One. <para>Two.</para><para>Three.</para>", "One.\n\nTwo.\n\nThree."),
        ("One. <para />Two.<para/>Three.", "One.\n\nTwo.\n\nThree."),
        (
            'See the <see cref="T:Acme.Parts.IGadgetAgent">Gadget Agent</see>.',
            "See the Gadget Agent.",
        ),
        ('Set <see cref="P:Acme.Parts.Gadget.Colour"/> first.', "Set Colour first."),
        ('Set <see cref="!:Acme.Parts.Gadget.Size" /> first.', "Set Size first."),
        ('An empty <see cref="T:Acme.Parts.Gadget"></see> link.', "An empty Gadget link."),
        (
            'Read <a href="https://example.com/gadgets">the guide</a> first.',
            "Read [the guide](https://example.com/gadgets) first.",
        ),
        ("Line one<br />Line two<br>Line three", "Line one\nLine two\nLine three"),
        ("Kinds:<ul><li>small</li><li>large</li></ul>", "Kinds:\n- small\n- large"),
        ("Uses {Acme.Parts.Gadget.SpinRate} and {id}.", "Uses SpinRate and {id}."),
        ("It&amp;apos;s &amp;quot;fine&amp;quot; &amp;amp; done", 'It\'s "fine" & done'),
        ("Tom &amp; Jerry &lt;3 &gt; 2", "Tom & Jerry <3 > 2"),
        ("  spaced   out\t words  ", "spaced out words"),
        ("Großes Zahnrad – ça tourne", "Großes Zahnrad – ça tourne"),
        ("The key. **Required**", "The key."),
        ("", ""),
    ],
)
def test_normalise(markup: str, text: str) -> None:
    assert normalise(markup) == text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("One.&lt;para/&gt;Two.", "One.\n\nTwo."),
        ("One.&lt;para /&gt;Two.", "One.\n\nTwo."),
        ("Line one&lt;br/&gt;Line two", "Line one\nLine two"),
        ('See &lt;see cref="T:Acme.Gadget"&gt;the gadget&lt;/see&gt;.', "See the gadget."),
        ("Use &lt;template variable&gt; here.", "Use <template variable> here."),
    ],
)
def test_escaped_markup_is_unescaped_before_it_is_normalised(markup: str, text: str) -> None:
    assert normalise(markup) == text


@pytest.mark.parametrize(
    ("cell", "result"),
    [
        ("The gadget to return. **Required**", ("The gadget to return.", True)),
        ("**Required** The primary key.", ("The primary key.", True)),
        ("  Optional comma separated list.  ", ("Optional comma separated list.", False)),
        ("", ("", False)),
    ],
)
def test_strip_required(cell: str, result: tuple[str, bool]) -> None:
    assert strip_required(cell) == result


def test_backticked_media_types() -> None:
    assert backticked(
        "Content-type of the request body: `application/json`, `text/json`, `image/png`"
    ) == (
        "application/json",
        "text/json",
        "image/png",
    )
    assert backticked("Content-type(s) you would like the response in: ") == ()
