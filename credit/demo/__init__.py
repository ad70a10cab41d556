"""A deterministic demo data set of Zhoucun District (area code 370306).

Demos, screenshots and load tests need data that looks like the district's
and is the same on every machine: one fixed seed and one fixed "today" give
the same subjects, records and sample files every time. Every code is valid
(GB 32100 / GB 11643 check characters from python-stdnum), every person is
an adult on each of their records' dates (seed 二（一）3), nothing prohibited
is collected, restricted items carry a written-consent reference, and a
person's ID number is kept only sealed in `subjects.id_encrypted` (`credit.personal`).

The modules: `vocabulary` (names, places, words), `departments` and `codes`
(who decides, and valid codes), `cases` (the decisions drawn from), `mix` (how
many of what), `generator` (subjects and records from one seeded stream),
`texts` (the words of a decision), `load` (bulk inserts into an empty database)
and `samples` (provider files to try intake with).
"""

from xinyong.credit.demo.load import SEED, TODAY, DemoError, DemoSummary, Progress, load_demo
from xinyong.credit.demo.samples import LICENSE_SAMPLE, PENALTY_SAMPLE

__all__ = [
    "LICENSE_SAMPLE",
    "PENALTY_SAMPLE",
    "SEED",
    "TODAY",
    "DemoError",
    "DemoSummary",
    "Progress",
    "load_demo",
]
