"""Cross-cutting pieces every app uses: roles, domain errors, API plumbing, health."""
