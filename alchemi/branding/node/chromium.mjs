// How every script here starts Debian's chromium: headless, no sandbox (containers), and no
// traffic of its own (updates, sync, field trials) so it only ever talks to our server.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
