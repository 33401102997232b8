// convGeometry against tfjs-core's own computeConv2DInfo / computePool2DInfo on a grid of sizes.
import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry, type Padding } from '../../src/backend/conv-geometry.js';
import { ConfigError, ShapeError } from '../../src/errors.js';

describe('convGeometry matches tfjs-core conv_util', () => {
  test('OH, OW and all four pads for sizes 1–13, kernels 1–5, strides 1–3, dilations 1–2, both paddings', () => {
    let checked = 0;
    for (const [h, w] of [[1, 1], [5, 7], [8, 8], [12, 9], [13, 13], [28, 28]]) {
      for (const [kh, kw] of [[1, 1], [3, 3], [5, 5], [2, 3], [4, 1]]) {
        for (const [sh, sw] of [[1, 1], [2, 2], [3, 3], [1, 2], [3, 1]]) {
          for (const d of [1, 2]) {
            if (d > 1 && (sh > 1 || sw > 1)) continue; // tfjs: strides or dilations must be 1
            for (const padding of ['valid', 'same'] as Padding[]) {
              const ekh = kh + (kh - 1) * (d - 1), ekw = kw + (kw - 1) * (d - 1);
              const where = `h=${h} w=${w} k=${kh}×${kw} s=${sh}×${sw} d=${d} ${padding}`;
              const args = { h, w, kh, kw, strideH: sh, strideW: sw, dilationH: d, dilationW: d, padding };
              if (padding === 'valid' && (ekh > h || ekw > w)) {
                expect(() => convGeometry(args, 'conv2d_1'), where).toThrow(ShapeError);
                continue;
              }
              const g = convGeometry(args);
              const info = tf.backend_util.computeConv2DInfo([2, h, w, 3], [kh, kw, 3, 4], [sh, sw], [d, d], padding);
              const got = [g.oh, g.ow, g.padTop, g.padLeft, g.padBottom, g.padRight];
              const want = [info.outHeight, info.outWidth, info.padInfo.top, info.padInfo.left, info.padInfo.bottom, info.padInfo.right];
              expect(got, where).toEqual(want);
              if (d === 1) {
                const pool = tf.backend_util.computePool2DInfo([2, h, w, 3], [kh, kw], [sh, sw], 1, padding);
                expect([g.oh, g.ow, g.padTop, g.padLeft], `pool ${where}`).toEqual([pool.outHeight, pool.outWidth, pool.padInfo.top, pool.padInfo.left]);
              }
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  test('bad arguments are typed errors naming the caller, the argument and the value', () => {
    const ok = { h: 8, w: 8, kh: 3, kw: 3, strideH: 1, strideW: 1, padding: 'same' as const };
    expect(() => convGeometry({ ...ok, strideH: 0 }, 'conv2d_1')).toThrow(new ConfigError('conv2d_1: stride height must be an integer ≥ 1, got 0'));
    expect(() => convGeometry({ ...ok, padding: 'causal' as Padding })).toThrow(ConfigError);
    expect(() => convGeometry({ ...ok, h: 2, kh: 3, padding: 'valid' }, 'conv2d_1')).toThrow(/conv2d_1: the 3×3 window .* does not fit the 2×8 input/);
  });
});
