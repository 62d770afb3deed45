-- Gateway request counts (LiteLLM_DailyGatewayRequests) are folded in memory per (date, category,
-- route) and flushed by system work with one raw INSERT ... ON CONFLICT (date, category, route).
-- The overlay records each account's requests under a namespaced route ("<account_id>::<route>",
-- alchemi/runtime/gateway_requests.py), so the conflict key is per account; the account is the
-- prefix, stamped here as for other namespaced rows written outside a request.
DROP TRIGGER IF EXISTS alchemi_stamp_account ON "LiteLLM_DailyGatewayRequests";
CREATE TRIGGER alchemi_stamp_account BEFORE INSERT ON "LiteLLM_DailyGatewayRequests"
  FOR EACH ROW EXECUTE FUNCTION alchemi_stamp_account_from_namespace('route');
