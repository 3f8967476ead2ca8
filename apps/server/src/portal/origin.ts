/**
 * Cross-site websocket hijacking guard: a browser always sends Origin on a websocket handshake,
 * so a handshake whose Origin is neither this game's own host nor an allowed origin comes from
 * another site's page and is refused. Clients that send no Origin (MUD clients, bots) are allowed.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && parsed.host.toLowerCase() === host.toLowerCase()) return true;
  const normalised = parsed.origin.toLowerCase();
  return allowed.some((a) => a.replace(/\/+$/, '').toLowerCase() === normalised);
}
