"""Working days: the scalar rules and the simulator's vectorised day-number twins agree."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cpmonitor import workdays
from cpmonitor.synth.model import day_number


def test_agrees_with_the_core_on_working_day_starts():
    days = [date(2015, 12, 1) + timedelta(days=i) for i in range(60)]  # Christmas included
    # The simulator starts enquiries on working days only (the core rolls other days back).
    starts = [d for d in days if workdays.working_days_between(d - timedelta(days=1), d) == 1]
    assert date(2015, 12, 28) not in starts  # Boxing Day (substitute) bank holiday
    for n in (1, 5, 15):
        for d in starts:
            ours = workdays.add_working_days_to_days(np.array([day_number(d)]), n)[0]
            assert ours == day_number(workdays.add_working_days(d, n)), (d, n)


def test_rolls_forward_over_weekends_and_bank_holidays():
    saturday, boxing_day = date(2016, 1, 2), date(2016, 12, 26)
    assert workdays.next_working_days(np.array([day_number(saturday)]))[0] == day_number(
        date(2016, 1, 4)
    )
    # 26 and 27 December 2016 were bank holidays (Christmas Day fell on a Sunday).
    assert workdays.next_working_days(np.array([day_number(boxing_day)]))[0] == day_number(
        date(2016, 12, 28)
    )
