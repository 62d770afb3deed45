"""Who may do what: the platform super admin, account admins, and their credentials."""
