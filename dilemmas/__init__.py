"""Dilemma cases, themes, värdegrund principles, PDF material and codes of ethics."""
