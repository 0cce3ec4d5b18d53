/** One client UUID per browser session: TAP results give their rows' access_url selections to it (tap-service). */
export function sessionClientId(storage: Storage = sessionStorage): string {
  let id = storage.getItem('portal.clientId');
  if (!id) {
    id = randomUuid();
    storage.setItem('portal.clientId', id);
  }
  return id;
}

/** RFC 9562 version 4 UUID. crypto.randomUUID exists only in secure contexts; getRandomValues everywhere. */
export function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
