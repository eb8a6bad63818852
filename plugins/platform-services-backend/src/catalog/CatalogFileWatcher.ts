import { FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` shortly after a local catalog file changes. The folder is
 * watched rather than the file, so that editors and generators that replace
 * the file (write a new one, rename it over) are seen too.
 */
export class CatalogFileWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly path: string,
    private readonly onChange: () => void,
    private readonly debounceMs = 250,
  ) {}

  start(): void {
    const name = basename(this.path);
    this.watcher = watch(dirname(this.path), (_event, file) => {
      if (file !== null && file !== name) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(this.onChange, this.debounceMs);
    });
    this.watcher.on('error', () => this.stop());
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
