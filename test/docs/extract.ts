// Reads the API reference the way `npm run docs` builds it (typedoc over src/index.ts, typedoc.json) and
// returns, per documented item, its @example code blocks, plus the public functions and methods that
// have none. Uses typedoc's converter only (no HTML), so the check sees exactly what the docs show.
import { Application, ReflectionKind, TSConfigReader, TypeDocReader, type DeclarationReflection, type Reflection, type SignatureReflection, type Comment } from 'typedoc';

export interface Example {
  /** Where it is documented, e.g. 'Sequential.fit' or 'layers.dense'. */
  where: string;
  code: string;
  /** Fence info after the language, e.g. 'browser' for ```ts browser. */
  tags: string[];
}

export interface ApiExamples {
  examples: Example[];
  /** Public functions, methods, factory properties and classes without an @example. */
  missing: string[];
  /** How many items had to have one. */
  documented: number;
}

const FENCE = /^```(ts|typescript|js|javascript)([^\n]*)\n([\s\S]*?)```$/;

function examplesOf(comment: Comment | undefined, where: string): Example[] {
  const out: Example[] = [];
  for (const tag of comment?.blockTags ?? []) {
    if (tag.tag !== '@example') continue;
    for (const part of tag.content) {
      const m = part.kind === 'code' ? FENCE.exec(part.text.trim()) : null;
      if (m) out.push({ where, code: m[3]!, tags: m[2]!.trim().split(/\s+/).filter(Boolean) });
    }
  }
  return out;
}

/** Signatures of a function, a method, or a variable whose value is a function (io.fromMemory). */
function signaturesOf(r: DeclarationReflection): SignatureReflection[] {
  if (r.signatures) return r.signatures;
  const t = r.type;
  return t?.type === 'reflection' ? (t.declaration.signatures ?? []) : [];
}

export async function collectExamples(root: string): Promise<ApiExamples> {
  const app = await Application.bootstrapWithPlugins(
    { options: `${root}/typedoc.json`, logLevel: 'Error' },
    [new TypeDocReader(), new TSConfigReader()],
  );
  const project = await app.convert();
  if (!project) throw new Error('typedoc could not convert src/index.ts (see its errors above)');
  const result: ApiExamples = { examples: [], missing: [], documented: 0 };
  const visit = (r: Reflection, path: string): void => {
    const where = path ? `${path}.${r.name}` : r.name;
    if (r.isDeclaration()) {
      const sigs = signaturesOf(r);
      const callable = r.kindOf(ReflectionKind.Function | ReflectionKind.Method) || (r.kindOf(ReflectionKind.Variable) && sigs.length > 0);
      const found = [...examplesOf(r.comment, where), ...sigs.flatMap((s) => examplesOf(s.comment, where))];
      if (callable || r.kindOf(ReflectionKind.Class)) {
        result.documented++;
        if (found.length === 0) result.missing.push(where);
      }
      result.examples.push(...found);
    }
    // Only containers: members of type literals (an option object's fields) are not API entries.
    if (r.isProject() || r.kindOf(ReflectionKind.Module | ReflectionKind.Namespace | ReflectionKind.Class | ReflectionKind.Interface)) {
      r.traverse((child) => visit(child, r.isProject() ? '' : where));
    }
  };
  visit(project, '');
  return result;
}
