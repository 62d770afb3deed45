// Render the logo sources in ui/brand/*.svg to the PNGs and favicon.ico committed beside them:
//   node render_logo.mjs <ui/brand dir> [chromium path]
// Run by hand after editing an SVG; the build only copies the results.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './chromium.mjs';

const [dir, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
if (!dir) { console.error('usage: node render_logo.mjs <ui/brand dir> [chromium]'); process.exit(2); }

/** An .ico holding PNG images (supported by every current browser). */
function ico(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); e.writeUInt16LE(32, 6); e.writeUInt32LE(data.length, 8); e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  const render = async (svgName, width, height, scale = 1) => {
    const svg = fs.readFileSync(path.join(dir, svgName), 'utf8')
      .replace(/width="\d+" height="\d+"/, `width="${width * scale}" height="${height * scale}"`);
    await page.setViewportSize({ width: width * scale, height: height * scale });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    return page.locator('svg').screenshot({ omitBackground: true });
  };
  fs.writeFileSync(path.join(dir, 'alchemi-logo.png'), await render('alchemi-logo.svg', 200, 48, 2));
  fs.writeFileSync(path.join(dir, 'alchemi-logo-dark.png'), await render('alchemi-logo-dark.svg', 200, 48, 2));
  fs.writeFileSync(path.join(dir, 'alchemi-mark.png'), await render('alchemi-mark.svg', 48, 48, 4));
  const sizes = [16, 32, 48];
  const pngs = [];
  for (const size of sizes) pngs.push({ size, data: await render('alchemi-mark.svg', size, size) });
  fs.writeFileSync(path.join(dir, 'favicon.ico'), ico(pngs));
} finally {
  await browser.close();
}
