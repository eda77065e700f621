"""SLA engine: calendars, policies, deadlines as indexed rows, one periodic sweep, breaches (docs/sla.md)."""
