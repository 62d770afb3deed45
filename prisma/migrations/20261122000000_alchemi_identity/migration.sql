-- Identity: per-account SSO configuration, sign-ins in progress, admin invitations.
CREATE TABLE IF NOT EXISTS "Alchemi_AccountSSOConfigTable" (
    "account_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "provider" TEXT NOT NULL DEFAULT 'oidc',
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_encrypted" TEXT,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "zitadel_org_id" TEXT,
    "default_role" TEXT NOT NULL DEFAULT 'internal_user',
    "allowed_domains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_AccountSSOConfigTable_pkey" PRIMARY KEY ("account_id")
);

CREATE TABLE IF NOT EXISTS "Alchemi_LoginFlowTable" (
    "state" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "email" TEXT,
    "redirect_to" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_LoginFlowTable_pkey" PRIMARY KEY ("state")
);
CREATE INDEX IF NOT EXISTS "Alchemi_LoginFlowTable_expires_at_idx" ON "Alchemi_LoginFlowTable"("expires_at");

CREATE TABLE IF NOT EXISTS "Alchemi_InvitationTable" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'account_admin',
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_InvitationTable_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "Alchemi_InvitationTable_token_hash_key" ON "Alchemi_InvitationTable"("token_hash");
CREATE INDEX IF NOT EXISTS "Alchemi_InvitationTable_account_id_email_idx" ON "Alchemi_InvitationTable"("account_id", "email");
