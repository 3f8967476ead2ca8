/**
 * The screen size a websocket client puts in its URL (`/ws?screenwidth=48&screenheight=40`), so
 * the connection screen, sent before the client's first frame, is wrapped to its real width
 * (docs/sessions.md#screen-width). Only these two keys are read, each a whole number of at most
 * four digits; anything else is ignored and the client's later `client_options` still counts.
 */
export function screenSizeQuery(url: string | undefined): { screenwidth?: number; screenheight?: number } {
  if (url === undefined) return {};
  const query = url.indexOf('?');
  if (query === -1) return {};
  const params = new URLSearchParams(url.slice(query + 1));
  const size: { screenwidth?: number; screenheight?: number } = {};
  for (const key of ['screenwidth', 'screenheight'] as const) {
    const value = params.get(key);
    if (value !== null && /^[1-9]\d{0,3}$/.test(value)) size[key] = Number(value);
  }
  return size;
}
