// A real OpenID provider (npm oidc-provider) for the identity tests.
// Usage: node provider.mjs <config.json>
// config: {port, issuer, mode: "zitadel"|"generic", clients: [{client_id, client_secret, redirect_uris}],
//          orgs: {"<email domain>": "<zitadel org id>"}, clock_offset_seconds: 0}
// Sign-in and consent are completed automatically for the login_hint the client sent (the
// tests drive the browser part over HTTP), so the flow is the provider's real code flow.
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
if (config.clock_offset_seconds) {
  // A provider whose clock runs behind issues tokens that are already expired in real time.
  const realNow = Date.now;
  Date.now = () => realNow() + config.clock_offset_seconds * 1000;
}
const zitadel = config.mode === "zitadel";
const lived = 600 + Math.max(0, -(config.clock_offset_seconds || 0));
const ORG_ID = "urn:zitadel:iam:org:id";
const RESOURCE_OWNER = "urn:zitadel:iam:user:resourceowner:id";

function orgOf(email) {
  const domain = (email.split("@")[1] || "").toLowerCase();
  return (config.orgs || {})[domain] || "org-unknown";
}

const claims = { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] };
const scopes = ["openid", "email", "profile", "offline_access"];
if (zitadel) {
  claims["urn:zitadel:iam:user:resourceowner"] = [RESOURCE_OWNER, ORG_ID];
  scopes.push("urn:zitadel:iam:user:resourceowner");
}

const provider = new Provider(config.issuer, {
  clients: config.clients.map((c) => ({
    client_id: c.client_id, client_secret: c.client_secret, redirect_uris: c.redirect_uris,
    grant_types: ["authorization_code"], response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  })),
  claims,
  scopes,
  conformIdTokenClaims: false,
  pkce: { methods: ["S256"], required: () => true },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ["alchemi-test-cookie-key"] },
  // A provider with a late clock keeps its sign-in cookies alive longer than its lag, or the
  // browser would drop them as expired; its tokens still expire an hour before real time.
  ttl: {
    AuthorizationCode: 120, IdToken: 3600, AccessToken: 3600,
    Interaction: lived, Session: lived, Grant: lived,
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const out = { sub: `sub-${id}`, email: id, email_verified: true, name: id.split("@")[0] };
        if (zitadel) {
          out[ORG_ID] = orgOf(id);
          out[RESOURCE_OWNER] = orgOf(id);
        }
        return out;
      },
    };
  },
});

// Complete sign-in and consent for the login_hint without a page.
provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith("/interaction/")) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session } = details;
  let result;
  if (prompt.name === "login") {
    if (!params.login_hint) {
      ctx.status = 400;
      ctx.body = "login_hint required";
      return undefined;
    }
    result = { login: { accountId: String(params.login_hint) } };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(" "));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    if (d.missingResourceScopes) {
      for (const [indicator, s] of Object.entries(d.missingResourceScopes)) grant.addResourceScope(indicator, s.join(" "));
    }
    result = { consent: { grantId: await grant.save() } };
  }
  const url = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  ctx.status = 303;
  ctx.redirect(url);
  return undefined;
});

provider.listen(config.port, "127.0.0.1", () => {
  console.log(`oidc-provider (${config.mode}) listening at ${config.issuer}`);
});
