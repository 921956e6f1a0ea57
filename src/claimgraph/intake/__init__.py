"""Intake: fetching sources (httpx), content-addressed snapshots, quote anchoring."""
