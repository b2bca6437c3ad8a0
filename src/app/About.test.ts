import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ABOUT_TITLE_ID, About } from './About';
import { DATASET_CREDITS, DOCS_INDEX } from './credits';

describe('About', () => {
  const html = renderToStaticMarkup(createElement(About));

  it('opens from a button named "About"', () => {
    expect(html).toMatch(/<button type="button"[^>]*>About<\/button>/);
  });

  it('is a dialog labelled by its heading', () => {
    expect(html).toMatch(new RegExp(`<dialog[^>]*aria-labelledby="${ABOUT_TITLE_ID}"`));
    expect(html).toMatch(new RegExp(`<h2 id="${ABOUT_TITLE_ID}">About Unlearning Lab</h2>`));
  });

  it('starts closed, so the page opens on the lab, not on the credits', () => {
    expect(html).not.toMatch(/<dialog[^>]*\sopen/);
  });

  it('credits every dataset and points at the docs index', () => {
    for (const d of DATASET_CREDITS) expect(html).toContain(d.name);
    expect(html).toContain(DOCS_INDEX);
    expect(html).toContain('MIT licence');
  });
});
