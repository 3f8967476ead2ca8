/**
 * The tab's icon with an unread count: a round badge drawn on a canvas, as a data: URL (the CSP
 * allows images from data:). Null when the canvas cannot draw (then the title alone tells).
 */
export function badgeIcon(count: number, doc: Document = document): string | null {
  const canvas = doc.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  ctx.fillStyle = '#d6dae0';
  ctx.font = 'bold 20px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('>', 10, 14);
  ctx.beginPath();
  ctx.arc(21, 21, 11, 0, 2 * Math.PI);
  ctx.fillStyle = '#e5484d';
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${count > 9 ? 13 : 16}px sans-serif`;
  ctx.fillText(count > 99 ? '99' : String(count), 21, 22);
  return canvas.toDataURL('image/png');
}
