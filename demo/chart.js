// The live training chart: loss per batch (left axis, blue) and test accuracy per epoch (right axis,
// 0..1, orange), redrawn from scratch on a canvas sized for the device's pixel ratio.

export function drawChart(canvas, { losses, accuracies, totalBatches, batchesPerEpoch }) {
  const dpr = globalThis.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 38, r: 34, t: 8, b: 18 };
  const pw = w - pad.l - pad.r, ph = h - pad.t - pad.b;
  const maxLoss = Math.max(0.5, ...losses.slice(0, 5), ...losses.slice(-50));
  const xOf = (batch) => pad.l + (pw * batch) / Math.max(1, totalBatches);

  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#e3e6ec';
  ctx.fillStyle = '#5a6375';
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = pad.t + (ph * i) / 4;
    ctx.beginPath();
    ctx.moveTo(pad.l, y);
    ctx.lineTo(pad.l + pw, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText((maxLoss * (1 - i / 4)).toFixed(2), pad.l - 4, y + 4);
    ctx.textAlign = 'left';
    ctx.fillText((1 - i / 4).toFixed(2), pad.l + pw + 4, y + 4);
  }
  ctx.textAlign = 'center';
  ctx.fillText('batches', pad.l + pw / 2, h - 4);

  ctx.strokeStyle = '#3d6fdc';
  ctx.beginPath();
  losses.forEach((loss, i) => {
    const y = pad.t + ph * (1 - Math.min(loss, maxLoss) / maxLoss);
    if (i === 0) ctx.moveTo(xOf(i), y);
    else ctx.lineTo(xOf(i), y);
  });
  ctx.stroke();

  ctx.strokeStyle = ctx.fillStyle = '#e0692a';
  ctx.lineWidth = 2;
  ctx.beginPath();
  accuracies.forEach((acc, e) => {
    const x = xOf((e + 1) * batchesPerEpoch), y = pad.t + ph * (1 - acc);
    if (e === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
  accuracies.forEach((acc, e) => {
    ctx.beginPath();
    ctx.arc(xOf((e + 1) * batchesPerEpoch), pad.t + ph * (1 - acc), 3, 0, 2 * Math.PI);
    ctx.fill();
  });
}
