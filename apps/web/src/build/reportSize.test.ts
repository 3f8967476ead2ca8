import { describe, expect, it } from 'vitest';
import { chunkOf, initialAssets } from './reportSize.js';

describe('initialAssets', () => {
  it('lists the scripts, module preloads and stylesheets index.html loads', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="data:," />
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-def.js">
      <link rel="stylesheet" crossorigin href="/assets/index-ghi.css">
      <link rel="preconnect" href="https://fonts.example">
      <script src="https://cdn.example/x.js"></script>
    </head></html>`;
    expect(initialAssets(html)).toEqual(['assets/index-abc.js', 'assets/react-def.js', 'assets/index-ghi.css']);
  });
});

describe('chunkOf', () => {
  it('names the lazy chunk a built file belongs to by its prefix', () => {
    expect(chunkOf('assets/AdminPage-C3x_9.js', ['AdminPage'])).toBe('AdminPage');
    expect(chunkOf('assets/AdminPage-C3x_9.css', ['AdminPage'])).toBe('AdminPage');
    expect(chunkOf('assets/index-abc.js', ['AdminPage'])).toBeUndefined();
    expect(chunkOf('assets/AdminPageX-abc.js', ['AdminPage'])).toBeUndefined();
  });
});
