"""Telling people: notifications, their wording, daily reminders and mail."""
