"""Rules on events and time: triggers, conditions, actions, safety, recipes (docs/automation.md)."""
