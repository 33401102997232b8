import { afterEach, describe, expect, test, vi } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { compileWasmSync } from '../../src/backend/wasm/loader.js';

describe('backend selection', () => {
  afterEach(() => vi.restoreAllMocks());

  test('the default is wasm, with the build this engine validates', async () => {
    await nn.ready();
    expect(nn.getBackend()).toBe('wasm');
    // Plain Node 20 validates only the baseline build; with the relaxed flag (or Node ≥ 22), the FMA build.
    const relaxed = process.execArgv.includes('--experimental-wasm-relaxed-simd') || Number(process.versions.node.split('.')[0]) >= 22;
    expect(nn.getWasmBuild()).toBe(relaxed ? 'relaxed' : 'simd');
  });

  test("setBackend switches, accepts 'cpu' as an alias of 'ts', and resolves true", async () => {
    expect(await nn.setBackend('ts')).toBe(true);
    expect(nn.getBackend()).toBe('ts');
    expect(nn.getWasmBuild()).toBe('ts');
    await nn.setBackend('wasm');
    expect(nn.getBackend()).toBe('wasm');
    await nn.setBackend('cpu');
    expect(nn.getBackend()).toBe('ts');
    await nn.setBackend('wasm');
  });

  test('unknown backend names are a ConfigError listing the valid ones', async () => {
    await expect(nn.setBackend('webgl' as never)).rejects.toThrow(nn.ConfigError);
    await expect(nn.setBackend('webgl' as never)).rejects.toThrow(/'wasm', 'ts' or 'cpu'/);
    expect(nn.getBackend()).toBe('wasm'); // unchanged
  });

  test('setWasmModule uses a precompiled module (the Cloudflare Workers path)', async () => {
    const module = compileWasmSync('simd');
    nn.setWasmModule(module);
    await nn.setBackend('wasm');
    expect(nn.getWasmBuild()).toBe('simd');
    expect(() => nn.setWasmModule({} as never)).toThrow(nn.ConfigError);
  });
});

describe('fallback without wasm SIMD', () => {
  test('an engine that rejects the SIMD builds gets the ts backend and one warning', async () => {
    // No engine without wasm SIMD is available here, so make validate() answer as one would.
    vi.resetModules();
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fresh = await import('../../src/index.js');
    await fresh.ready();
    expect(fresh.getBackend()).toBe('ts');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/wasm SIMD unavailable.*'ts' backend/);
    await fresh.setBackend('wasm');
    expect(fresh.getBackend()).toBe('ts');
    expect(warn).toHaveBeenCalledTimes(1);
    validate.mockRestore();
    warn.mockRestore();
  });

  test('currentBackend() works without ready() (synchronous compile)', () => {
    expect(currentBackend().name).toMatch(/wasm|ts/);
  });
});
