-- Accounts (tenants) and their administrators.
CREATE TABLE IF NOT EXISTS "Alchemi_AccountTable" (
    "account_id" TEXT NOT NULL,
    "account_name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "zitadel_org_id" TEXT,
    "max_budget" DOUBLE PRECISION,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0.0,
    "budget_duration" TEXT,
    "budget_reset_at" TIMESTAMP(3),
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_AccountTable_pkey" PRIMARY KEY ("account_id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "Alchemi_AccountTable_account_name_key" ON "Alchemi_AccountTable"("account_name");
CREATE INDEX IF NOT EXISTS "Alchemi_AccountTable_status_idx" ON "Alchemi_AccountTable"("status");
-- Names are unique regardless of case ("Acme" and "ACME" are the same account).
CREATE UNIQUE INDEX IF NOT EXISTS "Alchemi_AccountTable_account_name_lower_key" ON "Alchemi_AccountTable"(lower("account_name"));

CREATE TABLE IF NOT EXISTS "Alchemi_AccountAdminTable" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'invited',
    "invited_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_AccountAdminTable_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Alchemi_AccountAdminTable_account_id_fkey" FOREIGN KEY ("account_id")
        REFERENCES "Alchemi_AccountTable"("account_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "Alchemi_AccountAdminTable_account_id_email_key" ON "Alchemi_AccountAdminTable"("account_id", "email");
CREATE INDEX IF NOT EXISTS "Alchemi_AccountAdminTable_email_idx" ON "Alchemi_AccountAdminTable"("email");

CREATE TABLE IF NOT EXISTS "Alchemi_AccountDomainTable" (
    "domain" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_AccountDomainTable_pkey" PRIMARY KEY ("domain"),
    CONSTRAINT "Alchemi_AccountDomainTable_account_id_fkey" FOREIGN KEY ("account_id")
        REFERENCES "Alchemi_AccountTable"("account_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "Alchemi_AccountDomainTable_account_id_idx" ON "Alchemi_AccountDomainTable"("account_id");

CREATE TABLE IF NOT EXISTS "Alchemi_PlatformAuditTable" (
    "id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "account_id" TEXT,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_PlatformAuditTable_pkey" PRIMARY KEY ("id")
);
CREATE INDEX IF NOT EXISTS "Alchemi_PlatformAuditTable_account_id_idx" ON "Alchemi_PlatformAuditTable"("account_id");
CREATE INDEX IF NOT EXISTS "Alchemi_PlatformAuditTable_created_at_idx" ON "Alchemi_PlatformAuditTable"("created_at");
