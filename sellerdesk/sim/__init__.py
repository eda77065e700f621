"""`sellerdesk simulate`: replay a workload trace through triage, SLA and routing in virtual time."""
