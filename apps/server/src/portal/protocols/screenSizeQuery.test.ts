import { describe, expect, it } from 'vitest';
import { screenSizeQuery } from './screenSizeQuery.js';

describe('screenSizeQuery', () => {
  it('reads the screen size from the websocket URL', () => {
    expect(screenSizeQuery('/ws?screenwidth=48&screenheight=40')).toEqual({ screenwidth: 48, screenheight: 40 });
    expect(screenSizeQuery('/ws?screenwidth=120')).toEqual({ screenwidth: 120 });
  });

  it('ignores a URL without them, other keys and values that are not small whole numbers', () => {
    expect(screenSizeQuery(undefined)).toEqual({});
    expect(screenSizeQuery('/ws')).toEqual({});
    expect(screenSizeQuery('/ws?ansi=false&token=x')).toEqual({});
    for (const bad of ['0', '-5', '4.5', '1e3', '99999', 'abc', '', '048']) {
      expect(screenSizeQuery(`/ws?screenwidth=${bad}`)).toEqual({});
    }
  });
});
