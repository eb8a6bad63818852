import type { Mermaid, MermaidConfig } from 'mermaid';

/** The Mermaid theme that follows a Backstage palette mode. */
export type MermaidTheme = 'dark' | 'default';

/** Thrown when the mermaid chunk itself cannot be loaded. */
export class MermaidLoadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'MermaidLoadError';
  }
}

let loading: Promise<Mermaid> | undefined;
let initializedTheme: MermaidTheme | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Loads mermaid on first use, as its own chunk: the page that shows no
 * diagram never downloads it. A failed load is retried on the next render.
 */
function loadMermaid(): Promise<Mermaid> {
  if (!loading) {
    loading = import('mermaid').then(
      module => module.default,
      error => {
        loading = undefined;
        throw new MermaidLoadError(error);
      },
    );
  }
  return loading;
}

function configFor(theme: MermaidTheme): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme,
    // Throw on a syntax error instead of drawing mermaid's own error picture.
    suppressErrorRendering: true,
    // Natural size: a wide diagram scrolls instead of shrinking to illegible.
    flowchart: { useMaxWidth: false },
    sequence: { useMaxWidth: false },
    class: { useMaxWidth: false },
    state: { useMaxWidth: false },
    er: { useMaxWidth: false },
  };
}

/**
 * Renders one diagram to an SVG string. Renders run one at a time, because
 * mermaid's configuration is global: mermaid is initialized once, and again
 * only when the theme changes, between two renders.
 */
export function renderMermaid(
  id: string,
  source: string,
  theme: MermaidTheme,
): Promise<string> {
  const job = queue.then(async () => {
    const mermaid = await loadMermaid();
    if (initializedTheme !== theme) {
      mermaid.initialize(configFor(theme));
      initializedTheme = theme;
    }
    try {
      const { svg } = await mermaid.render(id, source);
      return svg;
    } finally {
      // mermaid removes its scratch elements itself; this is belt and braces.
      document.getElementById(id)?.remove();
      document.getElementById(`d${id}`)?.remove();
    }
  });
  queue = job.catch(() => undefined);
  return job;
}
