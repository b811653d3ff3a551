"""Spiders: one generic spider walks every portal; site differences are data and adapters."""
