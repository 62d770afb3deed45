// Runs in the page (page.evaluate): what a person sees that names the upstream product, in
// text, the title, alt/title/aria-label/placeholder attributes and links; and the visible images.
export function findings() {
  const brand = /litellm/i;
  const text = document.body ? document.body.innerText : '';
  const textHits = [];
  for (const m of text.matchAll(/litellm/gi)) textHits.push(text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' '));
  const attrHits = [];
  for (const el of document.querySelectorAll('[alt],[title],[aria-label],[placeholder]')) {
    for (const a of ['alt', 'title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && brand.test(v)) attrHits.push(`${el.tagName.toLowerCase()}[${a}]=${v}`);
    }
  }
  const linkHits = [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((h) => /litellm|berriai/i.test(h));
  const images = [...document.images].filter((i) => i.offsetParent !== null).map((i) => i.getAttribute('src'));
  return { title: document.title, titleHit: brand.test(document.title), textHits, attrHits, linkHits: [...new Set(linkHits)], images };
}
