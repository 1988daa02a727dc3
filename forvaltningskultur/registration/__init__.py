"""The shared sign-up engine: seminars and course occasions use it, neither copies it.

An app makes a model signable by subclassing `RegistrableEvent`, adds a concrete
`RegistrationBase` with `event = ForeignKey(<event>, related_name="registrations")`,
calls `views.handle_signup()` from its page view and subclasses the admin bases.
"""
