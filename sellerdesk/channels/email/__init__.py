"""Email: IMAP in, SMTP out; Amazon relay mail and notifications, bounces, auto-replies (docs/email.md)."""
