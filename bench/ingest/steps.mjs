/**
 * The steps the benchmark times and measures, shared by the in-process timing
 * loop (run.mjs) and the one-shot memory child (measure-memory.mjs).
 */

/** Options as the entity provider would pass them. */
export const ENTITY_OPTIONS = {
  defaultOwner: 'group:default/platform-team',
  lifecycle: 'production',
  locationRef:
    'platform-services:/var/lib/platform-services/service-catalog.json',
};

function mustBeOk(result) {
  if (!result.ok) {
    throw new Error(
      `the generated catalog was refused: ${JSON.stringify(
        result.problems.slice(0, 5),
      )}`,
    );
  }
  return result;
}

/**
 * Each step takes `{ text, parsed, catalog }` (the catalog text, a parsed
 * object and a validated catalog; a step reads only what it needs) and returns
 * what it produced, so the caller can keep it alive.
 */
export function makeSteps(lib, maxBytes) {
  const {
    validateCatalogText,
    validateCatalog,
    checkCatalogRules,
    buildServiceModel,
    catalogToEntities,
  } = lib;
  return {
    // The headline four.
    parse: ({ text }) => JSON.parse(text),
    validate: ({ text }) => mustBeOk(validateCatalogText(text, { maxBytes })),
    transform: ({ catalog }) => ({
      model: buildServiceModel(catalog),
      entities: catalogToEntities(catalog, ENTITY_OPTIONS),
    }),
    ingest: ({ text }) => {
      const result = mustBeOk(validateCatalogText(text, { maxBytes }));
      return {
        result,
        model: buildServiceModel(result.catalog),
        entities: catalogToEntities(result.catalog, ENTITY_OPTIONS),
      };
    },
    // Breakdown, to see which part dominates.
    schemaAndRules: ({ parsed }) => mustBeOk(validateCatalog(parsed)),
    rules: ({ parsed }) => checkCatalogRules(parsed),
    model: ({ catalog }) => buildServiceModel(catalog),
    entities: ({ catalog }) => catalogToEntities(catalog, ENTITY_OPTIONS),
  };
}

export const STEP_LABELS = {
  parse: 'JSON.parse(text)  [baseline]',
  validate: 'validate only: validateCatalogText',
  transform: 'transform only: model + entities',
  ingest: 'full ingest: validate+model+entities',
  schemaAndRules: '  validateCatalog(parsed) (schema+rules)',
  rules: '  checkCatalogRules(parsed)',
  model: '  buildServiceModel(catalog)',
  entities: '  catalogToEntities(catalog)',
};

export const HEADLINE_STEPS = ['parse', 'validate', 'transform', 'ingest'];
export const DETAIL_STEPS = ['schemaAndRules', 'rules', 'model', 'entities'];
