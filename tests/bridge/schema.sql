-- Tables for schema.prisma, as `prisma migrate` would create them (no schema engine here).
CREATE TYPE "Role" AS ENUM ('ADMIN', 'MEMBER', 'VIEWER');

CREATE TABLE "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL UNIQUE
);

CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "alias" TEXT NOT NULL UNIQUE,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "max_budget" DOUBLE PRECISION,
    "tpm_limit" BIGINT,
    "models" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "budget_reset_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "org_id" TEXT REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "roles" "Role"[],
    "score" INTEGER NOT NULL DEFAULT 0,
    "balance" DECIMAL(65,30),
    "avatar" BYTEA,
    "tags" TEXT[],
    "last_seen" TIMESTAMP(3),
    "team_id" TEXT REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Member_team_id_email_key" ON "Member"("team_id", "email");

CREATE TABLE "Membership" (
    "user_email" TEXT NOT NULL,
    "team_id" TEXT NOT NULL REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "joined_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_pkey" PRIMARY KEY ("user_email", "team_id")
);

CREATE TABLE "events" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "team_id" TEXT NOT NULL REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "kind" TEXT NOT NULL,
    "payload" JSONB,
    "sequence" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "events_team_id_sequence_key" ON "events"("team_id", "sequence");
