"""The compliance rule table: one JSON file per platform or topic (see docs/compliance.md)."""
