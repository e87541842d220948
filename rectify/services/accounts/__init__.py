"""Users and who they are: accounts, sign-in throttling, sessions,
two-factor sign-in and API tokens."""
