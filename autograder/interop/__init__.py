"""Courses from other graders: nbgrader and otter-grader assignments graded in our sandbox with
their own scoring rules, results written into nbgrader's gradebook, and our assignments exported
to nbgrader's format."""
