"""Scrutineering services: running a DanceSport event from the first round to the final."""
