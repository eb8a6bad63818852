import {
  buildServiceModel,
  ServiceDetail,
  ServicesResponse,
  validateCatalogText,
} from '@platform-services/plugin-platform-services-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The project's example catalog as the backend would serve it. */
export function exampleModel() {
  const text = readFileSync(
    resolve(__dirname, '../../../../examples/service-catalog.json'),
    'utf8',
  );
  const result = validateCatalogText(text);
  if (!result.ok) throw new Error('the example catalog does not validate');
  return buildServiceModel(result.catalog);
}

/** What GET /services/temporal answers, as JSON would carry it. */
export function temporalDetail(): ServiceDetail {
  return JSON.parse(JSON.stringify(exampleModel().services.get('temporal')));
}

/** What GET /services answers. */
export function servicesResponse(): ServicesResponse {
  const model = exampleModel();
  return { catalog: model.provenance, services: model.summaries };
}
