"""Files that are not CIN census returns, and hostile files, are refused with one line."""

from __future__ import annotations

import pytest
from cin_returns import child, header, message

from cpmonitor.census.issues import ReturnRejected
from cpmonitor.census.reader import read_return


def rejected(path) -> str:
    with pytest.raises(ReturnRejected) as caught:
        read_return(path)
    reason = caught.value.reason
    assert reason and "\n" not in reason and caught.value.file == str(path)
    return reason


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_an_empty_file(write, content):
    assert "empty" in rejected(write(content))


def test_a_csv_file(write):
    reason = rejected(write("LAchildID,CPPstartDate\n000123,2016-01-01\n", "cin.xml"))
    assert "not an XML file" in reason
    assert "000123" not in reason  # no personal data in the reason


def test_another_xml_root(write):
    assert "<Workbook>" in rejected(write("<?xml version='1.0'?><Workbook><Sheet/></Workbook>"))


def test_another_collection_with_a_message_root(write):
    head = header().replace("<Collection>CIN</Collection>", "<Collection>SC</Collection>")
    assert "'SC'" in rejected(write(message(child(), head=head)))


def test_a_message_with_neither_header_nor_children(write):
    assert "not a CIN census return" in rejected(write("<Message><Other/></Message>"))


@pytest.mark.parametrize(
    "text",
    [
        message(child()).replace("</ChildIdentifiers>", ""),  # unclosed element
        message(child())[:-30],  # truncated file
        message(child()).replace("<LAchildID>C1", "<LAchildID>C&1"),  # bare ampersand
    ],
)
def test_malformed_xml(write, text):
    assert rejected(write(text)).startswith("not well-formed XML at line ")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol3;</LAchildID>
</ChildIdentifiers></Child></Children></Message>
"""


def test_billion_laughs_is_refused(write):
    assert "DOCTYPE" in rejected(write(BILLION_LAUGHS))


def test_an_external_entity_is_refused_and_nothing_is_read(write, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = (
        f'<?xml version="1.0"?>\n<!-- a comment first -->\n'
        f'<!DOCTYPE Message [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        + message(child("&x;")).split("\n", 1)[1]
    )
    reason = rejected(write(xxe))
    assert "DOCTYPE" in reason and "TOP-SECRET" not in reason


def test_a_missing_file(tmp_path):
    assert "cannot be read" in rejected(tmp_path / "nowhere.xml")


def test_a_folder_given_as_a_file(tmp_path):
    assert "cannot be read" in rejected(tmp_path)


def test_a_doctype_after_a_long_prolog_is_still_found(write):
    padding = "<!-- " + "x" * 200_000 + " -->\n"
    text = '<?xml version="1.0"?>\n' + padding + BILLION_LAUGHS.split("\n", 1)[1]
    assert "DOCTYPE" in rejected(write(text))
