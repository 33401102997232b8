// Marching squares: the line segments where a grid of values crosses a level, for contour plots.

export type Segment = [number, number, number, number];

/**
 * z[j][i] sampled at (i, j); returns segments in grid coordinates (fractional i, j). A corner counts as
 * inside when z ≥ level. The two ambiguous cases (diagonal corners inside) are split by the cell's
 * mean value, the usual asymptotic-decider shortcut.
 */
export function contourSegments(z: readonly (readonly number[])[], level: number): Segment[] {
  const out: Segment[] = [];
  const rows = z.length, cols = rows ? z[0]!.length : 0;
  // Where along the edge from value a (at 0) to b (at 1) the level is crossed.
  const t = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let j = 0; j + 1 < rows; j++) {
    for (let i = 0; i + 1 < cols; i++) {
      const a = z[j]![i]!, b = z[j]![i + 1]!, c = z[j + 1]![i + 1]!, d = z[j + 1]![i]!; // corners counter-clockwise
      const code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // Edge crossing points: bottom (a–b), right (b–c), top (d–c), left (a–d).
      const bottom = (): [number, number] => [i + t(a, b), j];
      const right = (): [number, number] => [i + 1, j + t(b, c)];
      const top = (): [number, number] => [i + t(d, c), j + 1];
      const left = (): [number, number] => [i, j + t(a, d)];
      const seg = (p: [number, number], q: [number, number]) => out.push([p[0], p[1], q[0], q[1]]);
      const centerIn = (a + b + c + d) / 4 >= level;
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(right(), top()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: // a and c inside
          if (centerIn) { seg(left(), top()); seg(bottom(), right()); } else { seg(left(), bottom()); seg(right(), top()); }
          break;
        case 10: // b and d inside
          if (centerIn) { seg(left(), bottom()); seg(right(), top()); } else { seg(left(), top()); seg(bottom(), right()); }
          break;
      }
    }
  }
  return out;
}
