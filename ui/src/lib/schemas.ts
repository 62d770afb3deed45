// What the backend answers, checked at the boundary: a shape we do not expect is an error
// shown to the person, never a half-rendered page.
import { z } from 'zod';

export const roles = ['super_admin', 'account_admin', 'org_admin', 'team_admin', 'member', 'service_client'] as const;

export const Me = z.object({
  role: z.string(),
  email: z.string().nullable().optional(),
  user_id: z.string().nullable().optional(),
  account_id: z.string().nullable().optional(),
  account_name: z.string().nullable().optional(),
});
export type Me = z.infer<typeof Me>;

export const ResolveAnswer = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password') }),
  z.object({ method: z.literal('sso'), redirect_url: z.string() }),
]);
export type ResolveAnswer = z.infer<typeof ResolveAnswer>;

export const LoginAnswer = z.object({ redirect_url: z.string(), role: z.string().optional() });
export const RedirectAnswer = z.object({ redirect_url: z.string() });

export const AccountAdmin = z.object({
  email: z.string(),
  status: z.string(),
  invited_by: z.string().nullable().optional(),
  created_at: z.string().optional(),
});
export type AccountAdmin = z.infer<typeof AccountAdmin>;

export const Account = z.object({
  account_id: z.string(),
  account_name: z.string(),
  status: z.string(),
  domains: z.array(z.string()),
  zitadel_org_id: z.string().nullable().optional(),
  spend: z.number().optional(),
  admins: z.array(AccountAdmin).default([]),
  created_at: z.string().optional(),
});
export type Account = z.infer<typeof Account>;

export const AccountList = z.object({
  accounts: z.array(Account),
  total: z.number(),
  page: z.number().optional(),
  page_size: z.number().optional(),
});
export type AccountList = z.infer<typeof AccountList>;

export const AccountUsage = z.object({
  account_id: z.string(),
  users: z.number(),
  keys: z.number(),
  spend_this_month: z.number(),
});
export type AccountUsage = z.infer<typeof AccountUsage>;
export const Overview = z.object({ accounts: z.array(AccountUsage) });

export const Invitation = z.object({
  email: z.string(),
  status: z.string().optional(),
  invitation_url: z.string().optional(),
  expires_at: z.string().optional(),
  email_sent: z.boolean().optional(),
});
export type Invitation = z.infer<typeof Invitation>;

export const providers = ['zitadel', 'okta', 'entra', 'google', 'oidc'] as const;
export const SsoConfig = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  provider: z.string(),
  issuer: z.string().nullable().default(''),
  client_id: z.string().nullable().default(''),
  has_client_secret: z.boolean(),
  scopes: z.array(z.string()).default([]),
  zitadel_org_id: z.string().nullable().optional(),
  default_role: z.string().nullable().default(''),
  allowed_domains: z.array(z.string()).default([]),
});
export type SsoConfig = z.infer<typeof SsoConfig>;
export type SsoConfigInput = Omit<SsoConfig, 'configured' | 'has_client_secret'> & { client_secret?: string };

export const SsoTest = z.object({
  ok: z.boolean(),
  issuer: z.string().nullable().optional(),
  authorization_endpoint: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
});
export type SsoTest = z.infer<typeof SsoTest>;

export const InvitationInfo = z.object({
  email: z.string(),
  account_name: z.string().nullable().optional(),
  expires_at: z.string().optional(),
  method: z.string().optional(),
});
export type InvitationInfo = z.infer<typeof InvitationInfo>;
