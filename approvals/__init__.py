"""Applicants, applications at the one window, review, decisions under the one seal, permits."""
