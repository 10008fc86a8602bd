"""Conference authorisation: Group Managers authorise every initial child protection
conference for a child who has had a plan before (issue 6). The rule and its figures are in
the core (:mod:`cpmonitor.measures.authorisation`); this app stores requests and their
append-only events, and shows the queue, the request with the child's history, and oversight.
"""
