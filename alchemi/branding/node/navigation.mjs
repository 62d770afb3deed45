// The dashboard's navigation, as we change it. Data read by patches.mjs; the build fails when the
// compiled dashboard no longer has what an entry relies on.

/** Sidebar groups the compiled menu data (`menuGroups`) must have, in order. */
export const EXPECTED_GROUPS = ['AI GATEWAY', 'OBSERVABILITY', 'ACCESS CONTROL', 'DEVELOPER TOOLS', 'SETTINGS'];

/** Sidebar entries taken out, by menu key. */
export const REMOVED_ITEMS = {
  // Seed 000 point 13: "Learning Resources" (upstream's cookbook). To bring it back, comment the line out.
  'learning-resources': 'upstream cookbook link',
};

/**
 * Groups we add. `roles` and `icon` name an existing group / item whose value is reused, so
 * the new entries follow the dashboard's own role lists and icon set. Routes are /ui/<route>.
 */
export const ADDED_GROUPS = [
  {
    groupLabel: 'COPILOT',
    after: 'AI GATEWAY',
    rolesLike: 'SETTINGS', // admins only, like the Settings group
    items: [
      // Placeholder: the Copilot pages are our own (ui/) and come with the Copilot work.
      { key: 'copilot', page: 'copilot', route: 'copilot', label: 'Copilot', iconLike: 'agents' },
    ],
  },
];

/**
 * Seed 000 point 12: hidden by default. These are the dashboard's own per-browser switches
 * (localStorage flags read by its hooks); runtime.js presets them once per browser and the
 * build takes their toggles out of the account menu. To give users a switch back, comment its
 * line out: the flag is then neither preset nor removed from the menu.
 */
export const HIDDEN_BY_DEFAULT = {
  disableShowNewBadge: 'Hide New Feature Indicators',
  disableShowPrompts: 'Hide All Prompts',
  disableBlogPosts: 'Hide Blog Posts', // upstream's blog
  disableBouncingIcon: 'Hide Bouncing Icon',
};

/**
 * Seed 000 point 12, "Hide Usage Indicator": in this dashboard version the usage indicator is
 * the licence usage meter (seats, teams) at the foot of the sidebar, with no switch of its own.
 * The build disables it where the sidebar renders it; set true to show it again.
 */
export const SHOW_USAGE_INDICATOR = false;

/**
 * The dashboard signs out in the browser only (`clearTokenCookies`, then a client-side route to
 * its login page), so the virtual key inside the session stayed valid until it expired. The
 * build makes `clearTokenCookies` first hand the session to our `POST /alchemi/logout`, which
 * deletes that key (never an API key); it runs with `keepalive`, so the navigation that follows
 * does not cancel it.
 */
export const LOGOUT_URL = '/alchemi/logout';
