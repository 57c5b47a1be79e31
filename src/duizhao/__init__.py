"""duizhao (对照): run the 民主生活会 cycle offline and keep its materials honest."""

__version__ = "0.1.0"
