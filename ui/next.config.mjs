// A static export served by the proxy under /ui (alchemi/console/install.py): pages at
// /ui/login/, /ui/tenant-admin/, /ui/invite/; their scripts under /ui/_console/ so they never
// mix with the dashboard's own /_next chunks.
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  basePath: '/ui',
  assetPrefix: '/ui/_console',
  trailingSlash: true,
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  eslint: { ignoreDuringBuilds: true },
  // Types are checked by the test suite (tests/console/test_vitest.py runs tsc), not on every build.
  typescript: { ignoreBuildErrors: true },
  // The build runs on small machines: one worker, no telemetry.
  experimental: { cpus: 1, workerThreads: false },
};

export default nextConfig;
