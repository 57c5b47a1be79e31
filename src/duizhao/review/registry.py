"""The review's rules, in the order they run. Each entry is a stable rule id and the function
that yields its findings from a ReviewContext. To add a rule: write the function, give it an
entry in data/review/rules.toml (severity, message, thresholds), and list it here."""

from __future__ import annotations

from duizhao.review import achievements, causes, coverage, measures, residue, specificity, terms

RULES = (
    ("coverage.aspect_missing", coverage.aspect_missing),
    ("coverage.problem_misplaced", coverage.problem_misplaced),
    ("coverage.carryover_missing", coverage.carryover_missing),
    ("coverage.count_placeholder", coverage.count_placeholder),
    ("coverage.problem_share", coverage.problem_share),
    ("specificity.no_example", specificity.no_example),
    ("specificity.generic_phrase", specificity.generic_phrase),
    ("problems.achievement", achievements.achievement),
    ("problems.self_praise", achievements.self_praise),
    ("causes.objective_only", causes.objective_only),
    ("causes.restates_problem", causes.restates_problem),
    ("measures.too_few", measures.too_few),
    ("measures.aspect_unanswered", measures.aspect_unanswered),
    ("measures.vague", measures.vague),
    ("residue.placeholder", residue.placeholder),
    ("residue.template_site", residue.template_site),
    ("residue.year_mismatch", residue.year_mismatch),
    ("residue.unit_mismatch", residue.unit_mismatch),
    ("terms.wrong_term", terms.wrong_term),
)

# Rules of a 批评意见 list (duizhao.review.criticism), listed for documentation and the bench.
CRITICISM_RULES = (
    "criticism.hope_instead",
    "criticism.disguised_praise",
    "criticism.no_target",
    "criticism.no_example",
)
