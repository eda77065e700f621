"""Web chat: the widget a seller puts on their own store (docs/webchat.md). Nothing heavy here."""
