// What the branding build rewrites, what it must leave alone, and why: data, not code.
//
// Text rules apply to the *value* of a string (a JS string literal or template-literal text, an
// HTML text node or attribute, an RSC row's JSON string). They match only the capitalised
// product name, a few placeholder names in code samples, and upstream hosts: lowercase
// `litellm` (API params `litellm_*`, headers `x-litellm-*`, routes `/litellm/...`, cookie and
// storage keys `litellm_*`, the asset prefix) can never match, so functional identifiers survive
// by construction. `\b` keeps identifiers such as `LiteLLM_UserTable` or `LitellmContentFilter`
// intact (an underscore or a letter is not a word boundary).

export const PRODUCT = 'Alchemi Studio Console';
export const BRAND = 'Alchemi';
export const TITLE = PRODUCT;

/** Text rules, applied in order. `{docs}` / `{support}` are filled from the build options. */
export const TEXT_RULES = [
  // Upstream links: the product's own documentation and support pages instead.
  { name: 'link:docs', pattern: /https?:\/\/docs\.litellm\.ai(?:\/docs\b)?/g, replace: '{docs}' },
  { name: 'link:models', pattern: /https?:\/\/models\.litellm\.ai(?:\/[\w.-]*)*/g, replace: '{docs}' },
  { name: 'link:website', pattern: /https?:\/\/(?:www\.)?litellm\.ai(?:\/[\w.-]*)*/g, replace: '{support}' },
  { name: 'link:github', pattern: /https?:\/\/(?:www\.)?github\.com\/BerriAI(?:\/[\w.-]*)*/g, replace: '{support}' },
  { name: 'link:feedback-form', pattern: /https:\/\/forms\.gle\/W3U4PZpJGFHWtHyA9/g, replace: '{support}' },
  // Names of the product itself.
  { name: 'name:console', pattern: /\bLiteLLM (?:Dashboard|Admin UI|Proxy Admin UI|UI)\b/g, replace: PRODUCT },
  { name: 'name:enterprise', pattern: /\bLiteLLM Enterprise\b/g, replace: `${BRAND} Enterprise` },
  { name: 'name:model-name', pattern: /\bLiteLLM Model Name/g, replace: 'Upstream Model Name' },
  { name: 'name:model-name-lower', pattern: /\bLiteLLM model name/g, replace: 'upstream model name' },
  { name: 'name:params', pattern: /\bLiteLLM (Extra )?Params\b/g, replace: 'Deployment $1Params' },
  { name: 'name:proxy', pattern: /\bLiteLLM Proxy\b/g, replace: `${BRAND} Gateway` },
  { name: 'name:proxy-lower', pattern: /\b(?:LiteLLM|litellm) proxy\b/g, replace: `${BRAND} gateway` },
  { name: 'name:built-with', pattern: /\bBuilt with litellm: v/g, replace: 'Gateway version: v' },
  { name: 'name:word', pattern: /\bLiteLLM\b/g, replace: BRAND },
  { name: 'name:word-title', pattern: /\bLitellm\b/g, replace: BRAND },
  // Placeholder names in copy-paste code samples (never variables the server reads).
  { name: 'sample:key-placeholder', pattern: /\bYOUR_LITELLM_API_KEY\b/g, replace: 'YOUR_API_KEY' },
  { name: 'sample:env-placeholder', pattern: /\bLITELLM_(API_KEY|VIRTUAL_KEY)\b/g, replace: 'ALCHEMI_$1' },
  // The upstream mascot emoji that prefixes the name in a few places.
  { name: 'name:emoji', pattern: /🚅 ?/g, replace: '' },
];

/** Matches every string any TEXT_RULES pattern can change (a fast pre-check; a test keeps it so). */
export const RULE_PROBE = /LiteLLM|Litellm|litellm proxy|Built with litellm|LITELLM_|litellm\.ai|BerriAI|forms\.gle|🚅/;

/**
 * Literals that name something the backend sends or expects (guardrail providers, vector-store
 * providers, ...): the dashboard compares them with API data or looks them up by them, so they
 * keep their exact text everywhere except where they are plain JSX text (`children`), which is
 * display only. Each entry says where it is relied on; the build fails when one disappears (an
 * upgrade changed the code that uses it: re-check it) and when a branded literal shows up in a
 * comparison or lookup that is not listed here (classify it first).
 */
export const PROTECTED = {
  'LiteLLM Content Filter': 'guardrail provider ui_friendly_name from /guardrails/ui/*; compared (===) and a key of guardrailLogoMap',
  'LiteLLM LLM as a Judge': 'guardrail provider name (populateGuardrailProviders enum); a key of guardrailLogoMap',
  'PostgreSQL pgvector (LiteLLM Connector)': 'vector-store provider enum value; a key of the provider logo/field maps',
  'LiteLLM Gateway': 'initial value of a provider selector whose options come from the backend',
};

/** Where a branded literal is still shown as-is because it is a protected value: the runtime
 * script rewrites the *displayed* text (see runtime.js), never the value. */
export const DISPLAY_KEYS = new Set(['children']);
