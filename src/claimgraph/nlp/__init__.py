"""Text analysis: entities (spaCy, lazily imported), claim-quote alignment."""
