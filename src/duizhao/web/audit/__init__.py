"""The audit log (审计日志): who changed what and when, readable by the clerk (党办) and the
supervision group (督导组). Anonymous opinions are never recorded. Also hardens the SQLite file
against reading the order in which opinions arrived (see `anonymity`)."""
