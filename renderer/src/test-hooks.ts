/**
 * What the page exposes for its end-to-end tests: read-only getters on window.__mmlab (chart
 * data, store contents), so tests assert on the data a view shows rather than on pixels.
 * Nothing here can change the lab.
 */
type Getter = () => unknown;

const getters = new Map<string, Getter>();

interface TestHooks {
  read(name: string): unknown;
  names(): string[];
}

declare global {
  interface Window {
    __mmlab?: TestHooks;
  }
}

export function expose(name: string, getter: Getter): () => void {
  getters.set(name, getter);
  window.__mmlab ??= Object.freeze({
    read: (n: string) => JSON.parse(JSON.stringify(getters.get(n)?.() ?? null)) as unknown,
    names: () => [...getters.keys()],
  });
  return () => {
    if (getters.get(name) === getter) getters.delete(name);
  };
}
