"""查重 (copy check): winnowing fingerprints in memory-mapped numpy arrays, exact verification,
CNKI-like report. Plain Python + numpy; no Django, no database."""

from duizhao.copycheck.check import CopyReport, SourceShare, check_copies
from duizhao.copycheck.corpus import DOC_CLASSES, Corpus
from duizhao.copycheck.documents import DocumentInfo
from duizhao.copycheck.team import compare_team

__all__ = [
    "DOC_CLASSES",
    "CopyReport",
    "Corpus",
    "DocumentInfo",
    "SourceShare",
    "check_copies",
    "compare_team",
]
