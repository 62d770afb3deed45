-- Identity: JWT authentication of an account's API callers (issuer, JWKS, claim mapping).
CREATE TABLE IF NOT EXISTS "Alchemi_AccountJWTAuthTable" (
    "account_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "issuer" TEXT NOT NULL,
    "jwks_url" TEXT NOT NULL,
    "audience" TEXT,
    "user_id_claim" TEXT NOT NULL DEFAULT 'sub',
    "email_claim" TEXT NOT NULL DEFAULT 'email',
    "team_id_claim" TEXT,
    "role_claim" TEXT,
    "role_map" JSONB NOT NULL DEFAULT '{}',
    "default_role" TEXT NOT NULL DEFAULT 'internal_user',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alchemi_AccountJWTAuthTable_pkey" PRIMARY KEY ("account_id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "Alchemi_AccountJWTAuthTable_issuer_key" ON "Alchemi_AccountJWTAuthTable"("issuer");
