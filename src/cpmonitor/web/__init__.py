"""The cpmonitor web app (Django): a shell over the core for managers, analysts and admins.

Apps: ``accounts`` (sign-in, two-factor, lockout, roles, access log), ``store`` (census tables
in the database and the service that hands them back to the core), ``dashboard`` (figures,
cohort, child timeline), ``uploads`` (validate then import census returns).
"""
