"""Our own console pages (login, Tenant Admin, Copilot): a static export of the Next.js app in ui/."""
