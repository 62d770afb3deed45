-- Rolling-window spend rows are written by the background spend flush with a key hash or a
-- team id as entity_id (both unique across the platform) and no account: take the owner from
-- the key or the team. (See alchemi/tenancy/raw_sql_sites.py, commit_window_spend_updates.)
CREATE OR REPLACE FUNCTION alchemi_stamp_window_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.account_id IS NULL THEN
    IF NEW.entity_type = 'key' THEN
      NEW.account_id := alchemi_account_of_key(NEW.entity_id);
    ELSIF NEW.entity_type = 'team' THEN
      NEW.account_id := (SELECT account_id FROM "LiteLLM_TeamTable" WHERE team_id = NEW.entity_id);
    END IF;
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS alchemi_stamp_account ON "LiteLLM_BudgetWindowSpend";
CREATE TRIGGER alchemi_stamp_account BEFORE INSERT ON "LiteLLM_BudgetWindowSpend"
  FOR EACH ROW EXECUTE FUNCTION alchemi_stamp_window_owner();
