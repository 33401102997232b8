// A small well-formedness check for the SVG strings nn.plot returns: balanced tags, a viewBox, and
// only finite numbers in coordinates and path data.

export interface SvgInfo {
  width: number;
  height: number;
  /** Count of each element name. */
  tags: Map<string, number>;
  /** Elements with class="series", by data-name. */
  series: string[];
}

export function checkSvg(svg: string): SvgInfo {
  if (!svg.startsWith('<svg ')) throw new Error('does not start with <svg');
  const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!vb) throw new Error('no viewBox="0 0 w h"');
  const stack: string[] = [];
  const tags = new Map<string, number>();
  const series: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  let last = 0, m: RegExpExecArray | null;
  while ((m = re.exec(svg))) {
    const between = svg.slice(last, m.index);
    if (between.includes('<')) throw new Error(`malformed markup near ${JSON.stringify(between.slice(between.indexOf('<'), between.indexOf('<') + 40))}`);
    last = re.lastIndex;
    const [, close, name, attrs, self] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    tags.set(name!, (tags.get(name!) ?? 0) + 1);
    for (const [, key, value] of attrs!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'width', 'height'].includes(key!) && !Number.isFinite(Number(value))) {
        throw new Error(`<${name} ${key}="${value}"> is not a finite number`);
      }
      if (key === 'd') {
        if (!/^[MLZ\d.\-\se]+$/.test(value!)) throw new Error(`path d has unexpected characters: ${value!.slice(0, 60)}`);
        for (const num of value!.split(/[MLZ\s]+/).filter(Boolean)) if (!Number.isFinite(Number(num))) throw new Error(`path d holds ${num}`);
      }
    }
    if (/class="series"/.test(attrs!)) series.push(/data-name="([^"]*)"/.exec(attrs!)?.[1] ?? '');
    if (!self) stack.push(name!);
  }
  if (svg.slice(last).includes('<')) throw new Error('malformed markup at the end');
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return { width: Number(vb[1]), height: Number(vb[2]), tags, series };
}
