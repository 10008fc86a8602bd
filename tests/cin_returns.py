"""Hand-written synthetic CIN census returns (XML text) for tests of every shell."""

from __future__ import annotations


def header(year: int | None = 2016, la: str | None = "201", ref: str | None = None) -> str:
    """A CIN header; ``year=None`` leaves out Year and ReferenceDate, ``la=None`` the LEA."""
    details = "<Collection>CIN</Collection>"
    if year is not None:
        details += f"<Year>{year}</Year><ReferenceDate>{ref or f'{year}-03-31'}</ReferenceDate>"
    source = "<SourceLevel>L</SourceLevel>" + (f"<LEA>{la}</LEA>" if la is not None else "")
    return (
        f"<Header>\n<CollectionDetails>{details}</CollectionDetails>\n"
        f"<Source>{source}</Source>\n</Header>\n"
    )


def child(
    cid: str = "C1",
    *,
    ids: str = "",
    sex: str = "<GenderCurrent>1</GenderCurrent>",
    chars: str = "<Ethnicity>WBRI</Ethnicity>",
    episodes: str | None = None,
) -> str:
    """One ``<Child>``; ``cid=None``-like blanks are written as given (``""`` = blank)."""
    ident = f"<LAchildID>{cid}</LAchildID>" if cid is not None else ""
    if episodes is None:
        episodes = episode()
    return (
        "<Child>\n"
        f"<ChildIdentifiers>\n{ident}\n<PersonBirthDate>2010-05-01</PersonBirthDate>\n"
        f"{sex}\n{ids}</ChildIdentifiers>\n"
        f"<ChildCharacteristics>\n{chars}\n</ChildCharacteristics>\n"
        f"{episodes}"
        "</Child>\n"
    )


def episode(inner: str = "", referral: str = "2015-06-01", nfa: str = "0") -> str:
    return (
        "<CINdetails>\n"
        f"<CINreferralDate>{referral}</CINreferralDate>\n"
        "<ReferralSource>6</ReferralSource>\n"
        "<PrimaryNeedCode>N1</PrimaryNeedCode>\n"
        f"{inner}"
        f"<ReferralNFA>{nfa}</ReferralNFA>\n"
        "</CINdetails>\n"
    )


def plan(
    start: str = "2015-07-01",
    end: str | None = "2016-01-10",
    category: str = "NEG",
    previous: str | None = "0",
    reviews: tuple[str, ...] = ("2015-09-20",),
    extra: str = "",
) -> str:
    parts = [f"<CPPstartDate>{start}</CPPstartDate>"]
    if end is not None:
        parts.append(f"<CPPendDate>{end}</CPPendDate>")
    parts += [
        f"<InitialCategoryOfAbuse>{category}</InitialCategoryOfAbuse>",
        f"<LatestCategoryOfAbuse>{category}</LatestCategoryOfAbuse>",
    ]
    if previous is not None:
        parts.append(f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>")
    if reviews:
        dates = "\n".join(f"<CPPreviewDate>{r}</CPPreviewDate>" for r in reviews)
        parts.append(f"<Reviews>\n{dates}\n</Reviews>")
    return "<ChildProtectionPlans>\n" + "\n".join(parts) + f"\n{extra}</ChildProtectionPlans>\n"


def message(children: str, head: str | None = None, open_tag: str = "<Message>") -> str:
    close = "</" + open_tag[1:].split()[0].rstrip(">") + ">"
    if head is None:
        head = header()
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{open_tag}\n{head}<Children>\n{children}</Children>\n{close}\n'
