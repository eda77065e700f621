"""Two agents on one conversation: who is viewing or replying (presence), a warning before
sending when someone replied meanwhile, and bulk actions on many conversations (docs/ui.md)."""
