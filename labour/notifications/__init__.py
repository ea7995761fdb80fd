"""Notifications: an in-app inbox row per (event, recipient, subject), and an outbox of SMS deliveries."""
