import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { CatalogFile } from '@platform-services/plugin-platform-services-common';

/** What the platform-services backend answered. */
export type AcceptedCatalogAnswer =
  | { kind: 'not-modified' }
  | { kind: 'none' }
  | {
      kind: 'catalog';
      revision: string;
      location: string;
      catalog: CatalogFile;
    };

/** Where the provider gets the accepted catalog from. */
export interface AcceptedCatalogSource {
  fetchAccepted(knownRevision?: string): Promise<AcceptedCatalogAnswer>;
}

/**
 * Asks the platform-services backend for the catalog it accepted, so the
 * catalog entities always come from the validated, last good file.
 */
export class AcceptedCatalogClient implements AcceptedCatalogSource {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async fetchAccepted(knownRevision?: string): Promise<AcceptedCatalogAnswer> {
    const baseUrl = await this.discovery.getBaseUrl('platform-services');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'platform-services',
    });
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
    };
    if (knownRevision) headers['If-None-Match'] = `"${knownRevision}"`;
    const res = await fetch(`${baseUrl}/catalog/accepted`, { headers });
    if (res.status === 304) return { kind: 'not-modified' };
    if (res.status === 404) return { kind: 'none' };
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = await res.json();
    return {
      kind: 'catalog',
      revision: body.revision,
      location: body.location,
      catalog: body.catalog,
    };
  }
}
