"""Quality-assurance case audits of repeat-plan families (the 2016 report's section 2).

An auditor plans an audit, picks families from the core's repeat cohort, and records versioned
findings per case; managers, analysts and Group Managers read the summary, which the core
computes (:mod:`cpmonitor.measures.audits`) and the scrutiny report can include.
"""
