-- 1. End users upserted by the background spend flush (system work) arrive with a namespaced
--    user_id ("<account_id>::<end user>", namespaced when the request queued the spend, see
--    alchemi/tenancy/background.py) and no account: the account is the prefix, when it names
--    an account. End-user ids are chosen by callers and repeat across accounts, which is why
--    LiteLLM_EndUserTable is a namespaced_key model.
CREATE OR REPLACE FUNCTION alchemi_stamp_account_from_namespace() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  value TEXT;
  owner TEXT;
BEGIN
  IF NEW.account_id IS NOT NULL THEN
    RETURN NEW;
  END IF;
  value := to_jsonb(NEW) ->> TG_ARGV[0];
  IF value IS NULL OR position('::' IN value) = 0 THEN
    RETURN NEW;
  END IF;
  owner := split_part(value, '::', 1);
  IF EXISTS (SELECT 1 FROM "Alchemi_AccountTable" WHERE account_id = owner) THEN
    NEW.account_id := owner;
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS alchemi_stamp_account ON "LiteLLM_EndUserTable";
CREATE TRIGGER alchemi_stamp_account BEFORE INSERT ON "LiteLLM_EndUserTable"
  FOR EACH ROW EXECUTE FUNCTION alchemi_stamp_account_from_namespace('user_id');

-- 2. A spend log's request_id is its primary key, and callers choose it (x-litellm-call-id):
--    two accounts may send the same one. The flush inserts with ON CONFLICT DO NOTHING, which
--    silently dropped the second account's row. When the id is already another account's,
--    the row is stored as "<account_id>::<request_id>" instead; the tenant guard and the
--    tenant views show it without the prefix, so lookups by request id within the account
--    keep working. Runs after alchemi_stamp_account (triggers fire in name order), which
--    gives the row its account from its key.
CREATE OR REPLACE FUNCTION alchemi_unshare_request_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.account_id IS NULL OR NEW.request_id IS NULL THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM "LiteLLM_SpendLogs"
             WHERE request_id = NEW.request_id AND account_id IS DISTINCT FROM NEW.account_id) THEN
    NEW.request_id := NEW.account_id || '::' || NEW.request_id;
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS alchemi_unshare_request_id ON "LiteLLM_SpendLogs";
CREATE TRIGGER alchemi_unshare_request_id BEFORE INSERT ON "LiteLLM_SpendLogs"
  FOR EACH ROW EXECUTE FUNCTION alchemi_unshare_request_id();

-- The tenant view shows request_id without that prefix; this index is its expression, so a
-- lookup by request id through the view (raw SQL in an account's scope) stays an index scan.
CREATE INDEX IF NOT EXISTS "alchemi_spendlogs_request_id_in_account" ON "LiteLLM_SpendLogs"
  ((CASE WHEN starts_with(request_id, account_id || '::') THEN substr(request_id, length(account_id) + 3)
    ELSE request_id END));
