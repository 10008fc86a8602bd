"""The clean case of each block, read in few steps; anything else goes to the general path.

Most blocks of most returns are *clean*: every item is one the block holds (DfE *Children in
need census* specification of the year, :data:`.spec.ELEMENTS`), a non-repeatable item comes
once, the mandatory items (:data:`.spec.MANDATORY`, and the year's sex item) are there, no text
stands outside a data item, and every value is valid: a date (parsed once per text and
remembered, :func:`.reader._date_days`) or a text already seen in this return (the code lists,
booleans and counts, found in caches of known texts). A clean block is read here by a reader
specialised to its kind: one pass over its items storing each text by tag, a few set
comparisons, then one lookup per column. It makes no issue and changes no state (but for
remembering a valid date) before it has decided the block is clean.

Any block that is not clean is handed, whole, to the general path
(:meth:`.reader._ReturnReader.fields` and the ``check_*`` methods), which holds the rules:
it reads the block item by item and reports what is wrong. The caches hold only what the
general path's parsers gave for a valid text, so both give the same values; namespaced tags,
which the general path learns, always take it. What is clean is decided on the same signs the general path uses:
the last item's tail for stray text, the element's text for a block (blank text is dropped by
the parser, so a block's text is ``None``; an empty data item's text is ``None`` too, and is
then not clean).
"""

from __future__ import annotations

#: The key under which every cache of known texts holds ``None``: the value of an absent item.
#: (An element's text is a string or ``None``, never this.)
ABSENT = object()
#: What a lookup gives for a text that is not (yet) known to be valid: not clean.
MISS = object()


class CleanBlocks:
    """The specialised readers, mixed into the return reader (which has the state).

    Each ``read_*`` method reads its block when clean and otherwise calls the general
    ``check_*`` method of the same block, at the same point, so issues come in the same order.
    """

    def read_child(self, child) -> None:
        """A ``<Child>``: its identifiers and characteristics (with disabilities) make its row;
        then its episodes."""
        ids = chars = el = None
        details = []
        for el in child[:]:
            tag = el.tag
            if tag == "CINdetails":
                details.append(el)
            elif tag == "ChildIdentifiers" and ids is None:
                ids = el
            elif tag == "ChildCharacteristics" and chars is None:
                chars = el
            else:
                return self.check_child(child)
        if ids is None or chars is None or not details or el.tail is not None:
            return self.check_child(child)
        t = {}
        el = None
        for el in ids[:]:
            t[el.tag] = el.text
        if (
            el is None
            or el.tail is not None
            or len(t) != len(ids)
            or not self.id_required <= t.keys() <= self.id_items
        ):
            return self.check_child(child)
        cid = t["LAchildID"]
        if cid is None or not (cid := cid.strip()):
            return self.check_child(child)
        date, get = self.date_of, t.get
        birth = date(get("PersonBirthDate", ABSENT))
        expected = date(get("ExpectedPersonBirthDate", ABSENT))
        death = date(get("PersonDeathDate", ABSENT))
        sex = self.sex_of.get(self.sex_code(t[self.sex_item], MISS), MISS)
        ethnicity = dis = el = None
        for el in chars[:]:
            tag = el.tag
            if tag == "Ethnicity" and ethnicity is None:
                ethnicity = self.ethnicity_code(el.text, MISS)
            elif tag == "Disabilities" and dis is None and el.text is None:
                dis = el
            else:
                return self.check_child(child)
        if ethnicity is None or el.tail is not None:
            return self.check_child(child)
        disabilities = ""
        if dis is not None:
            code = self.disability_code
            codes = []
            el = None
            for el in dis[:]:
                if el.tag != "Disability":
                    return self.check_child(child)
                codes.append(code(el.text, MISS))
            if el is None or el.tail is not None or MISS in codes:
                return self.check_child(child)
            disabilities = ",".join(codes)
        row = (child.sourceline, cid, birth, expected, sex, ethnicity, disabilities, death)
        if MISS in row:
            return self.check_child(child)
        self.children += 1
        self.child_rows.append(row)
        read_episode = self.read_episode
        for episode in details:
            read_episode(episode, cid)

    def read_episode(self, episode, cid: str) -> None:
        """A ``<CINdetails>``: its row, then its assessments, CIN plans, section 47 enquiries
        and child protection plans (each block clean or not on its own)."""
        t = {}
        blocks = []
        el = None
        for el in episode[:]:
            text = el.text
            if text is None:
                blocks.append(el)
            else:
                t[el.tag] = text
        if (
            el is None
            or el.tail is not None
            or len(t) + len(blocks) != len(episode)
            or not self.episode_required <= t.keys() <= self.episode_items
        ):
            return self.check_episode(episode, cid)
        assessments, cin_plans, section47, plans = [], [], [], []
        for el in blocks:
            tag = el.tag
            if tag == "Assessments":
                assessments.append(el)
            elif tag == "CINPlanDates":
                cin_plans.append(el)
            elif tag == "Section47":
                section47.append(el)
            elif tag == "ChildProtectionPlans":
                plans.append(el)
            else:
                return self.check_episode(episode, cid)
        date, get = self.date_of, t.get
        referral = date(t["CINreferralDate"])
        row = (
            episode.sourceline,
            cid,
            referral,
            self.source_code(t["ReferralSource"], MISS),
            self.need_code(get("PrimaryNeedCode", ABSENT), MISS),
            date(get("CINclosureDate", ABSENT)),
            self.closure_code(get("ReasonForClosure", ABSENT), MISS),
            date(get("DateOfInitialCPC", ABSENT)),
            self.boolean(t["ReferralNFA"], MISS),
        )
        if MISS in row:
            return self.check_episode(episode, cid)
        self.episode_rows.append(row)
        self.read_episode_blocks(cid, referral, assessments, cin_plans, section47, plans)

    def read_episode_blocks(self, cid, referral, assessments, cin_plans, section47, plans):
        """An episode's blocks, in the general path's order (by kind, then in the file)."""
        for el in assessments:
            self.read_assessment(el, cid, referral)
        if cin_plans and not self.has_cin_plans:
            self.note_off_spec("CINPlanDates", cin_plans[0], loaded=True)
        for el in cin_plans:
            self.read_cin_plan(el, cid, referral)
        for el in section47:
            self.read_section47(el, cid, referral)
        for el in plans:
            self.read_plan(el, cid, referral)

    def read_assessment(self, block, cid: str, referral) -> None:
        """An ``<Assessments>`` block, with its ``FactorsIdentifiedAtAssessment``."""
        t = {}
        factors = el = None
        for el in block[:]:
            text = el.text
            if text is None:
                if factors is not None or el.tag != "FactorsIdentifiedAtAssessment":
                    return self.check_assessment(block, cid, referral)
                factors = el
            else:
                t[el.tag] = text
        if (
            el is None
            or el.tail is not None
            or len(t) + (factors is not None) != len(block)
            or not self.assessment_required <= t.keys() <= self.assessment_items
        ):
            return self.check_assessment(block, cid, referral)
        found = ""
        if factors is not None:
            code = self.factor_code
            codes = []
            el = None
            for el in factors[:]:
                if el.tag != "AssessmentFactors":
                    return self.check_assessment(block, cid, referral)
                codes.append(code(el.text, MISS))
            if el is None or el.tail is not None or MISS in codes:
                return self.check_assessment(block, cid, referral)
            found = ",".join(codes)
        date, get = self.date_of, t.get
        row = (
            block.sourceline,
            cid,
            referral,
            date(t["AssessmentActualStartDate"]),
            date(get("AssessmentInternalReviewDate", ABSENT)),
            date(get("AssessmentAuthorisationDate", ABSENT)),
            found,
        )
        if MISS in row:
            return self.check_assessment(block, cid, referral)
        self.assessments_rows.append(row)

    def read_cin_plan(self, block, cid: str, referral) -> None:
        """A ``<CINPlanDates>`` block (from 2021-22)."""
        t = {}
        el = None
        for el in block[:]:
            t[el.tag] = el.text
        if (
            el is None
            or el.tail is not None
            or len(t) != len(block)
            or not self.cin_plan_required <= t.keys() <= self.cin_plan_items
        ):
            return self.check_cin_plan(block, cid, referral)
        date = self.date_of
        row = (
            block.sourceline,
            cid,
            referral,
            date(t["CINPlanStartDate"]),
            date(t.get("CINPlanEndDate", ABSENT)),
        )
        if MISS in row:
            return self.check_cin_plan(block, cid, referral)
        self.cin_plans_rows.append(row)

    def read_section47(self, block, cid: str, referral) -> None:
        """A ``<Section47>`` enquiry."""
        t = {}
        el = None
        for el in block[:]:
            t[el.tag] = el.text
        if (
            el is None
            or el.tail is not None
            or len(t) != len(block)
            or not self.section47_required <= t.keys() <= self.section47_items
        ):
            return self.check_section47(block, cid, referral)
        date, get = self.date_of, t.get
        row = (
            block.sourceline,
            cid,
            referral,
            date(t["S47ActualStartDate"]),
            date(get("InitialCPCtarget", ABSENT)),
            date(get("DateOfInitialCPC", ABSENT)),
            self.boolean(t["ICPCnotRequired"], MISS),
        )
        if MISS in row:
            return self.check_section47(block, cid, referral)
        self.section47_rows.append(row)

    def read_plan(self, block, cid: str, referral) -> None:
        """A ``<ChildProtectionPlans>`` block, then its ``Reviews``."""
        t = {}
        reviews = el = None
        for el in block[:]:
            text = el.text
            if text is None:
                if reviews is not None or el.tag != "Reviews":
                    return self.check_plan(block, cid, referral)
                reviews = el
            else:
                t[el.tag] = text
        if (
            el is None
            or el.tail is not None
            or len(t) + (reviews is not None) != len(block)
            or not self.plan_required <= t.keys() <= self.plan_items
        ):
            return self.check_plan(block, cid, referral)
        date = self.date_of
        start = date(t["CPPstartDate"])
        row = (
            block.sourceline,
            cid,
            referral,
            start,
            date(t.get("CPPendDate", ABSENT)),
            self.initial_code(t["InitialCategoryOfAbuse"], MISS),
            self.latest_code(t["LatestCategoryOfAbuse"], MISS),
            self.count(t["NumberOfPreviousCPP"], MISS),
        )
        if MISS in row:
            return self.check_plan(block, cid, referral)
        self.cp_plans_rows.append(row)
        if reviews is not None:
            self.read_reviews(reviews, cid, start)

    def read_reviews(self, block, cid: str, start) -> None:
        """A plan's ``<Reviews>``: one row per ``CPPreviewDate``, with its line."""
        date = self.date_of
        rows = []
        el = None
        for el in block[:]:
            if el.tag != "CPPreviewDate":
                return self.check_reviews(block, cid, start)
            rows.append((el.sourceline, cid, start, date(el.text)))
        if el is None or el.tail is not None or any(row[3] is MISS for row in rows):
            return self.check_reviews(block, cid, start)
        self.reviews_rows.extend(rows)
