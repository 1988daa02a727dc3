"""Courses, their dated occasions and occasion sign-up."""
