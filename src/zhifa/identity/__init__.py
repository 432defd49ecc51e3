"""Identity: agencies, users, roles, authentication and scope."""
