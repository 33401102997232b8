// Turns a hand-drawn digit into an MNIST-like 28×28 input, the way MNIST itself was made: the ink's
// bounding box is scaled (aspect kept) to fit a 20×20 box with area averaging, then placed in the
// 28×28 field so that its centre of mass sits at the centre (14, 14).

const SIDE = 28;
const BOX = 20;

/** Ink per pixel in [0, 1] from the pad's RGBA (white strokes on black). */
function inkOf(image) {
  const { width, height, data } = image;
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4] / 255;
  return ink;
}

/** Returns 784 values in [0, 1] (row-major), or null when nothing is drawn. */
export function toMnist(pad) {
  const { width: w, height: h } = pad;
  const ink = inkOf(pad.getContext('2d').getImageData(0, 0, w, h));
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (ink[y * w + x] > 0.05) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));

  // Area averaging: each source pixel adds to the target cell it falls in; cells divide by their count.
  const sum = new Float32Array(tw * th), count = new Float32Array(tw * th);
  for (let y = y0; y <= y1; y++) {
    const ty = Math.min(th - 1, Math.floor((y - y0) * scale));
    for (let x = x0; x <= x1; x++) {
      const t = ty * tw + Math.min(tw - 1, Math.floor((x - x0) * scale));
      sum[t] += ink[y * w + x];
      count[t]++;
    }
  }
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = (sum[y * tw + x] /= count[y * tw + x] || 1);
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  // Shift so the centre of mass lands on (14, 14), clamped so the 20-pixel box stays inside the field.
  const ox = Math.min(SIDE - tw, Math.max(0, Math.round(SIDE / 2 - mx / mass)));
  const oy = Math.min(SIDE - th, Math.max(0, Math.round(SIDE / 2 - my / mass)));
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) out[(y + oy) * SIDE + x + ox] = Math.min(1, sum[y * tw + x]);
  }
  return out;
}

/** Draws 784 values in [0, 1] as grey pixels on a 28×28 canvas. */
export function showDigit(canvas, pixels) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = Math.round((pixels?.[i] ?? 0) * 255);
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** Lets the user draw on `pad` with a mouse, pen or finger; calls onStroke after each stroke. */
export function attachPad(pad, onStroke) {
  const ctx = pad.getContext('2d');
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, pad.width, pad.height);
  };
  clear();
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 22; // ≈ 2 px after scaling a 200 px digit to 20 px, like MNIST pen strokes
  ctx.lineCap = ctx.lineJoin = 'round';
  let last = null;
  const at = (e) => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height];
  };
  pad.addEventListener('pointerdown', (e) => {
    pad.setPointerCapture(e.pointerId);
    last = at(e);
    ctx.beginPath();
    ctx.arc(last[0], last[1], ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff';
    ctx.fill();
  });
  pad.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    ctx.beginPath();
    ctx.moveTo(last[0], last[1]);
    ctx.lineTo(p[0], p[1]);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    if (!last) return;
    last = null;
    onStroke();
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  return clear;
}
