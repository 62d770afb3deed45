-- Rows that LiteLLM's background writers insert outside any request (spend logs, daily
-- spend rollups, per-request indexes) carry the virtual key or request that produced them,
-- but no account. A key belongs to exactly one account forever, so the owner is derived
-- here, in the database, for every writer: a BEFORE INSERT trigger fills a missing
-- account_id from the key (or from the spend log of the request). Rows the tenant guard
-- already stamped are left alone.
CREATE OR REPLACE FUNCTION alchemi_account_of_key(hashed TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT account_id FROM "LiteLLM_VerificationToken" WHERE token = hashed),
    (SELECT account_id FROM "LiteLLM_DeletedVerificationToken" WHERE token = hashed
      ORDER BY deleted_at DESC LIMIT 1))
$$;

CREATE OR REPLACE FUNCTION alchemi_stamp_account_from_key() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ref TEXT;
BEGIN
  IF NEW.account_id IS NOT NULL THEN
    RETURN NEW;
  END IF;
  ref := to_jsonb(NEW) ->> TG_ARGV[0];
  IF ref IS NULL OR ref = '' THEN
    RETURN NEW;
  END IF;
  IF TG_ARGV[1] = 'request' THEN
    NEW.account_id := (SELECT account_id FROM "LiteLLM_SpendLogs" WHERE request_id = ref LIMIT 1);
  ELSE
    NEW.account_id := alchemi_account_of_key(ref);
  END IF;
  RETURN NEW;
END
$$;

DO $$
DECLARE
  t RECORD;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('LiteLLM_SpendLogs', 'api_key', 'key'),
      ('LiteLLM_DailyUserSpend', 'api_key', 'key'),
      ('LiteLLM_DailyTeamSpend', 'api_key', 'key'),
      ('LiteLLM_DailyOrganizationSpend', 'api_key', 'key'),
      ('LiteLLM_DailyEndUserSpend', 'api_key', 'key'),
      ('LiteLLM_DailyAgentSpend', 'api_key', 'key'),
      ('LiteLLM_DailyTagSpend', 'api_key', 'key'),
      ('LiteLLM_DailyGuardrailUsageUnits', 'api_key', 'key'),
      ('LiteLLM_AutoRouterSession', 'api_key', 'key'),
      ('LiteLLM_ManagedObjectTable', 'api_key', 'key'),
      ('LiteLLM_SpendLogToolIndex', 'request_id', 'request'),
      ('LiteLLM_SpendLogGuardrailIndex', 'request_id', 'request'),
      ('LiteLLM_ErrorLogs', 'request_id', 'request')
    ) AS v(tbl, col, kind)
  LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS alchemi_stamp_account ON %I', t.tbl);
    EXECUTE format('CREATE TRIGGER alchemi_stamp_account BEFORE INSERT ON %I FOR EACH ROW '
                   'EXECUTE FUNCTION alchemi_stamp_account_from_key(%L, %L)', t.tbl, t.col, t.kind);
  END LOOP;
END
$$;
