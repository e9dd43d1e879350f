/** A module's folder for the cycle check: `src/app/<x>` and `src/<x>` are folders; so are jobs, cards, emulator, bench. */
export function folderOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] === 'src' && parts[1] === 'app' && parts.length > 3) return parts.slice(0, 3).join('/');
  if (parts[0] === 'src' && parts.length > 2) return parts.slice(0, 2).join('/');
  if (['jobs', 'cards', 'emulator', 'bench'].includes(parts[0] ?? '')) return parts[0] ?? null;
  return null;
}

/**
 * The cycles between folders in an import graph (each cycle once, as the folders in order, plus one import
 * that makes each edge, so the report says what to cut). Tarjan's strongly connected components, then a
 * shortest cycle through each component's first folder.
 */
export function findFolderCycles(
  imports: readonly { from: string; to: string }[],
): { members: string[]; folders: string[]; edges: { from: string; to: string }[] }[] {
  const edges = new Map<string, Map<string, { from: string; to: string }>>();
  for (const link of imports) {
    const a = folderOf(link.from);
    const b = folderOf(link.to);
    if (a === null || b === null || a === b) continue;
    const out = edges.get(a) ?? new Map();
    if (!out.has(b)) out.set(b, link);
    edges.set(a, out);
  }
  const components = stronglyConnected(edges);
  return components
    .filter((component) => component.length > 1)
    .map((component) => {
      const members = new Set(component);
      const start = [...component].sort()[0] as string;
      const path = shortestCycle(start, members, edges);
      return {
        members: [...component].sort(),
        folders: path,
        edges: path.map((folder, i) => {
          const next = path[(i + 1) % path.length] as string;
          return edges.get(folder)?.get(next) as { from: string; to: string };
        }),
      };
    });
}

function stronglyConnected(edges: Map<string, Map<string, unknown>>): string[][] {
  const nodes = new Set<string>([...edges.keys()]);
  for (const out of edges.values()) for (const b of out.keys()) nodes.add(b);
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      result.push(component);
    }
  };
  for (const v of [...nodes].sort()) if (!indices.has(v)) visit(v);
  return result;
}

function shortestCycle(
  start: string,
  members: Set<string>,
  edges: Map<string, Map<string, unknown>>,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return path;
      }
      if (!seen.has(w)) {
        seen.add(w);
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
