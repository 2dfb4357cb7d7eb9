"""Every output the build can make, one module each; the list below is the only place
they are named. The order is the order their steps start (the job descriptions first:
they are most of the work, and the others are made while the workers lay them out); a
step may need only products of steps listed before it. See docs/architecture.md.
"""
from __future__ import annotations

from . import authority, handbook, jd, levels, orgchart, paybands, raci, signoff, site, staffing

OUTPUTS = (jd.OUTPUT, orgchart.OUTPUT, raci.OUTPUT, staffing.OUTPUT, authority.OUTPUT, levels.OUTPUT, site.OUTPUT,
           handbook.OUTPUT, paybands.OUTPUT, signoff.OUTPUT)
