"""Routing: agent availability (shifts, holidays, time away) and the choice of agent (docs/routing.md)."""
