"""Accounts (tenants): their lifecycle, domains and administrators. Super admin only."""
