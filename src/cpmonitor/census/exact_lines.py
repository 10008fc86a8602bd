"""Exact lines, past line 65,535, for the few issues that need them: a second, rarer pass.

libxml2 keeps an element's own line in 16 bits. Past 65,535 lxml's ``sourceline`` is derived:
the line of the element's first content (its first text, else its first child element), else
of what follows it (its tail, else the next element). A text's own line is exact (libxml2 keeps
it whole), so with blank text kept the element's line is that text's line less the newlines
in the text (and, for a comment or processing instruction in between, the newlines in it).
The reader's fast pass drops blank text and comments (keeping them costs ~10% on every file),
so only a file with an issue on such an element is read again, here, keeping them.

An issue's element is found again by its place: the ordinal of its ``<Child>`` among the file's
``<Child>`` end events and the path of child indexes inside it, both recorded by the fast pass
(:meth:`.reader._ReturnReader.issue_at`; elements only), and checked against its tag. The file is
fed in the same chunks and the same elements are dropped as in the fast pass, so the places
match and memory stays flat; the pass stops after the last ``<Child>`` wanted.
"""

from __future__ import annotations

from lxml import etree

from .header import _LOCAL, _local
from .spec import ELEMENTS

#: (child ordinal, index path inside it) -> the element's tag, for each issue to place
Places = dict[int, list[tuple[tuple[int, ...], object]]]


def own_line(el) -> int | None:
    """A node's own line from a tree that kept blank text and comments (``None`` if unsure).

    The node is an element, a comment or a processing instruction; its ``sourceline`` is
    libxml2's, derived as the module's docstring says when the line is past 65,535.
    """
    if not isinstance(el.tag, str):  # a comment or PI: libxml2 looks at what follows it
        inside = (el.text or "").count("\n")
        tail = el.tail
        if tail is not None:
            return el.sourceline - tail.count("\n") - inside
        after = el.getnext()
        line = own_line(after) if after is not None else None
        return line - inside if line is not None else None
    text = el.text
    if text is not None:
        return el.sourceline - text.count("\n")
    if len(el):  # no text between this start tag and the first child: the same line
        return own_line(el[0])
    tail = el.tail
    if tail is not None:
        return el.sourceline - tail.count("\n")
    after = el.getnext()
    return own_line(after) if after is not None else None


def exact_lines(file: str, places: Places, options: dict, chunk: int) -> dict:
    """The exact line of each place in ``places``: ``{(ordinal, path): line}``.

    ``options`` are the fast pass's parser options (blank text is kept here whatever they
    say) and ``chunk`` its feed size. A place whose element is not found (the tag differs)
    is left out, so its issue keeps its approximate line.
    """
    # blank text and comments kept: what follows an element, whose line is exact, is seen
    opts = dict(options, remove_blank_text=False, remove_comments=False, remove_pis=False)
    opts["events"] = ("start", "end")
    opts["tag"] = ("{*}Child", "{*}Message", "{*}Children")
    parser = etree.XMLPullParser(**opts)
    last = max(places)
    found: dict = {}
    seen = 0
    root = children_el = None
    with open(file, "rb") as handle:
        while data := handle.read(chunk):
            parser.feed(data)
            for event, el in parser.read_events():
                name = _LOCAL.get(el.tag) or _local(el.tag)
                parent = el.getparent()
                if event == "start":
                    if name == "Message" and parent is None:
                        root = el
                    elif name == "Children" and parent is not None and parent is root:
                        children_el = el
                    continue
                if name != "Child":
                    continue
                seen += 1
                for path, tag in places.get(seen, ()):
                    node = el
                    try:  # the fast pass had no comments or PIs: count elements only
                        for i in path:
                            node = [e for e in node if isinstance(e.tag, str)][i]
                    except IndexError:
                        continue
                    if node.tag == tag and (line := own_line(node)) is not None:
                        found[(seen, path)] = line
                if seen >= last:
                    return found
                if parent is not children_el:  # as the fast pass does with a nested child
                    el.clear(keep_tail=True)
                    while parent is not None and parent[0] is not el:
                        del parent[0]
            if root is not None:
                _prune(root, children_el)
    return found


def _prune(root, children_el) -> None:
    """Drop finished elements as the fast pass does (``prune`` and ``prune_open`` there).

    Finished elements under ``<Message>`` and ``<Children>`` go (never inside a ``<Child>``),
    and the finished content of every open element that is not a block.
    """
    for top in (root, children_el):
        if top is not None and len(top) > 1:
            del top[:-1]
    drop_open_content(root)


def drop_open_content(root) -> None:
    """Drop the finished content of every element still open that is not a block.

    The elements still being parsed are the last child of ``root``, its last child, and so
    on down; a block's (:data:`.spec.ELEMENTS`) finished children are kept, to be read.
    """
    node = root
    while len(node):
        last = node[-1]
        if len(node) > 1 and (_LOCAL.get(node.tag) or _local(node.tag)) not in ELEMENTS:
            del node[:-1]
        node = last
