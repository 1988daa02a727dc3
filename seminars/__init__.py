"""Seminars, speakers, filmed lectures and seminar sign-up."""
