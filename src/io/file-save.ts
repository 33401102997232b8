// file:// saves (Node): the crash-safe write sequence with model.json as the commit point, fsync of every
// file before it is renamed into place and of the directory after, and removal of the temp files that
// earlier saves left when they were killed.
import type { ModelArtifacts } from './types.js';
import { nodeFs } from './node-builtins.js';

/** A temp file of an earlier save is removed once it is this old; a younger one may belong to a save in flight. */
export const STALE_MS = 10 * 60_000;

// The names the sequence below writes besides model.json and weights.bin (the tag is base-36 time and random).
const LEFTOVER = /^(?:model\.json\.tmp-|weights\.bin\.tmp-)[0-9a-z]+-[0-9a-z]+$|^weights\.[0-9a-z]+-[0-9a-z]+\.bin$/;

/**
 * Writes dir/model.json and dir/weights.bin. Nothing is lost if the process dies mid-save: model.json is
 * only ever replaced by an atomic rename, and every model.json on disk names a weights file that is
 * complete. Renaming weights.bin and model.json one after the other would leave a window where the new
 * weights sit next to the old topology, so the new weights first go to a uniquely named file:
 *   1. weights.<tag>.bin and a model.json naming it are written; model.json is renamed into place;
 *   2. weights.bin is replaced (hard link or copy + rename) and a model.json naming it is renamed in;
 *   3. weights.<tag>.bin is removed, and so are earlier saves' temp files older than STALE_MS.
 * A kill at any point leaves the old model (before 1) or the new one (after), plus temp files.
 * NOTE: files are fsynced before their rename and the directory after it, so a power cut after save()
 * returns cannot leave a renamed but empty file (rename alone orders nothing on ext4/xfs).
 */
export async function saveFiles(dir: string, a: ModelArtifacts, json: (weightsPath: string) => unknown): Promise<void> {
  const [{ mkdir, open, readdir, rename, rm, stat, link, copyFile }, { join }] = await nodeFs(`file://${dir}`);
  await mkdir(dir, { recursive: true });
  const start = Date.now();
  const tag = `${start.toString(36)}-${Math.floor(Math.random() * 36 ** 8).toString(36)}`;
  const unique = `weights.${tag}.bin`;
  const temp = (name: string) => join(dir, `${name}.tmp-${tag}`);
  /** Opens `file` with `flags`, writes `data` if given, fsyncs, closes. */
  const synced = async (file: string, flags: string, data?: string | Uint8Array) => {
    const fh = await open(file, flags);
    try {
      if (data !== undefined) await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  };
  const durable = (file: string, data: string | Uint8Array) => synced(file, 'w', data);
  const syncDir = async () => {
    try {
      await synced(dir, 'r');
    } catch {
      // Some platforms (Windows) cannot open or fsync a directory; the renames are still atomic there.
    }
  };
  const putJson = async (weightsPath: string) => {
    await durable(temp('model.json'), JSON.stringify(json(`./${weightsPath}`)));
    await rename(temp('model.json'), join(dir, 'model.json'));
    await syncDir();
  };
  let committed = false;
  try {
    await durable(join(dir, unique), new Uint8Array(a.weightData));
    await putJson(unique);
    committed = true;
    try {
      await link(join(dir, unique), temp('weights.bin'));
    } catch {
      await copyFile(join(dir, unique), temp('weights.bin')); // filesystems without hard links
      await synced(temp('weights.bin'), 'r+');
    }
    await rename(temp('weights.bin'), join(dir, 'weights.bin'));
    await putJson('weights.bin');
    await rm(join(dir, unique), { force: true });
  } catch (e) {
    // On an I/O error (not a kill), model.json still names a complete weights file: the unique one is
    // kept once model.json may name it; temp files go.
    const leftovers = ['model.json', 'weights.bin'].map(temp);
    if (!committed) leftovers.push(join(dir, unique));
    const failures: unknown[] = [];
    for (const file of leftovers) await rm(file, { force: true }).catch((err: unknown) => failures.push(err));
    throw withCleanupFailures(e, failures);
  }
  // Earlier killed saves: model.json now names weights.bin, so none of their files is referenced.
  for (const name of await readdir(dir)) {
    if (!LEFTOVER.test(name)) continue;
    const file = join(dir, name);
    try {
      if (start - (await stat(file)).mtimeMs > STALE_MS) await rm(file, { force: true });
    } catch {
      // Gone already (another save cleaned it): nothing to do.
    }
  }
}

/**
 * The save's own error, never replaced by a failed cleanup after it (Deno without --allow-read fails the
 * rename, then the removals): cleanup errors are named in its message and attached as its cause.
 */
function withCleanupFailures(error: unknown, failures: unknown[]): unknown {
  if (failures.length === 0 || !(error instanceof Error)) return error;
  const cleanup = failures.length === 1 ? failures[0] : new AggregateError(failures, 'removing temp files failed');
  error.message += `; removing the temp files afterwards also failed: ${failures.map((f) => (f as Error)?.message ?? String(f)).join('; ')}`;
  if (error.cause === undefined) error.cause = cleanup;
  return error;
}
