export type Cleanup = () => void;

export interface ViewContext {
  main: HTMLElement;
  params: Record<string, string>;
  /** `history.state` of this entry (the report flow keeps its step there). */
  state: unknown;
}

export type View = (ctx: ViewContext) => Cleanup | void | Promise<Cleanup | void>;

interface Route {
  pattern: RegExp;
  keys: string[];
  view: View;
}

/** `/folj/:token` → a route whose `token` param is one path segment. */
export function route(path: string, view: View): Route {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, k: string) => {
    keys.push(k);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}/?$`), keys, view };
}

let routes: Route[] = [];
let fallback: View;
let main: HTMLElement;
let cleanup: Cleanup | undefined;
let renderSeq = 0;
const renderListeners = new Set<() => void>();

function match(path: string): { view: View; params: Record<string, string> } {
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) {
      const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
      return { view: r.view, params };
    }
  }
  return { view: fallback, params: {} };
}

async function render(moveFocus: boolean): Promise<void> {
  const seq = ++renderSeq;
  cleanup?.();
  cleanup = undefined;
  const { view, params } = match(location.pathname);
  const result = await view({ main, params, state: history.state });
  if (seq !== renderSeq) {
    result?.();
    return;
  }
  cleanup = result ?? undefined;
  renderListeners.forEach((fn) => fn());
  if (moveFocus) {
    window.scrollTo(0, 0);
    main.querySelector<HTMLElement>('h1')?.focus();
  }
}

export function navigate(path: string, opts: { replace?: boolean; state?: unknown } = {}): void {
  if (opts.replace) history.replaceState(opts.state ?? null, '', path);
  else history.pushState(opts.state ?? null, '', path);
  void render(true);
}

/** Renders the current entry again, e.g. after a language change; focus stays where it is. */
export function rerender(): Promise<void> {
  return render(false);
}

export function onRender(fn: () => void): void {
  renderListeners.add(fn);
}

function isAppLink(a: HTMLAnchorElement): boolean {
  return (
    a.origin === location.origin &&
    !a.target &&
    !a.hasAttribute('download') &&
    !a.pathname.startsWith('/api/') &&
    !/\.\w+$/.test(a.pathname) &&
    !(a.hash && a.pathname === location.pathname)
  );
}

export function startRouter(mainEl: HTMLElement, table: Route[], notFound: View): void {
  main = mainEl;
  routes = table;
  fallback = notFound;
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest('a');
    if (!a || !isAppLink(a)) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
  window.addEventListener('popstate', () => void render(true));
  void render(false);
}
