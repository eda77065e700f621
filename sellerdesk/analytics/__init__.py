"""Analytics for managers: one page of charts and tables over a date range, CSV of every table,
and a weekly report by email (docs/analytics.md)."""
