"""Alerts: what the team must know now (escalations, breaches, claims, failed sends, approvals
waiting) told to the people concerned — in the app, by email and in team chats (docs/alerts.md)."""
