"""Telling people about alerts: an Atom feed, signed webhooks and e-mail over SMTP."""
