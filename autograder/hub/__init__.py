"""Clients of the course hub: the student's fetch/submit and the instructors' commands."""
