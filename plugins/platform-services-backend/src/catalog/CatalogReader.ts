import { UrlReaderService } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import { readFile, stat } from 'node:fs/promises';
import { CatalogLocation, describeLocation } from '../config';

/** What one read of the catalog file gave. */
export type CatalogRead =
  | { kind: 'content'; text: string; etag?: string }
  | { kind: 'not-modified' }
  | { kind: 'too-large'; bytes: number };

/** Reads the catalog file from a local path or through the URL reader. */
export class CatalogReader {
  constructor(
    private readonly location: CatalogLocation,
    private readonly maxBytes: number,
    private readonly urlReader?: UrlReaderService,
  ) {}

  describe(): string {
    return describeLocation(this.location);
  }

  async read(etag?: string): Promise<CatalogRead> {
    if (this.location.kind === 'path') {
      // Check the size first so an oversized file is never loaded.
      const { size } = await stat(this.location.path);
      if (size > this.maxBytes) return { kind: 'too-large', bytes: size };
      return {
        kind: 'content',
        text: await readFile(this.location.path, 'utf8'),
      };
    }
    if (!this.urlReader) {
      throw new Error('reading a catalog URL needs the URL reader service');
    }
    try {
      const response = await this.urlReader.readUrl(this.location.url, {
        etag,
      });
      const buffer = await response.buffer();
      if (buffer.byteLength > this.maxBytes) {
        return { kind: 'too-large', bytes: buffer.byteLength };
      }
      return {
        kind: 'content',
        text: buffer.toString('utf8'),
        etag: response.etag,
      };
    } catch (e) {
      if (
        NotModifiedError.is?.(e) ||
        (e as Error)?.name === 'NotModifiedError'
      ) {
        return { kind: 'not-modified' };
      }
      throw e;
    }
  }
}
