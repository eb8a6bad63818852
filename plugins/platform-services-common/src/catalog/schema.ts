/**
 * JSON Schema (draft 2020-12) of `service-catalog.json`, catalogVersion 1.
 * Structural rules only; the rules that need the whole file (unique names,
 * known dependencies, cycles, environment keys) are in `validateCatalog`.
 * Every `description` is phrased as what is expected, because error messages
 * quote it.
 */

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

const text = (description: string) => ({
  type: 'string',
  minLength: 1,
  description,
});

const objectRef = (description: string) => ({
  type: 'object',
  description,
  required: ['name', 'namespace'],
  properties: {
    name: text('the object name'),
    namespace: text('the object namespace'),
  },
});

/** @public */
export const catalogJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://platform-services.dev/schemas/service-catalog-v1.json',
  title: 'service-catalog.json (catalogVersion 1)',
  type: 'object',
  required: [
    'catalogVersion',
    'generatedAt',
    'source',
    'environments',
    'services',
  ],
  properties: {
    catalogVersion: {
      description: 'the format version 1',
      const: 1,
    },
    generatedAt: {
      type: 'string',
      format: 'date-time',
      description: 'an RFC 3339 date-time such as 2026-11-20T09:30:00Z',
    },
    source: {
      type: 'object',
      description: 'where the file came from',
      required: ['repository', 'commit'],
      properties: {
        repository: {
          type: 'string',
          format: 'uri',
          description: 'the URL of the GitOps repository',
        },
        commit: text('the commit the file was generated from'),
        catalogSha: { type: 'string', description: 'a content hash' },
      },
    },
    environments: {
      type: 'array',
      minItems: 1,
      description: 'at least one environment',
      items: {
        type: 'object',
        description: 'an environment',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
            pattern: '^[a-z][a-z0-9-]{0,30}$',
            description:
              'an environment name: a lowercase letter, then up to 30 lowercase letters, digits or dashes',
          },
          title: { type: 'string', description: 'a display name' },
          overrides: {
            type: 'string',
            description: 'the path of the override file',
          },
        },
      },
    },
    services: {
      type: 'array',
      description: 'the list of services',
      items: { $ref: '#/$defs/service' },
    },
  },
  $defs: {
    service: {
      type: 'object',
      description: 'a service',
      required: [
        'name',
        'title',
        'description',
        'namespace',
        'type',
        'layer',
        'status',
        'sourcePath',
        'flux',
      ],
      properties: {
        name: {
          type: 'string',
          pattern: DNS_LABEL,
          description:
            'a DNS-1123 label: lowercase letters, digits and dashes, at most 63, starting and ending with a letter or digit',
        },
        title: text('a display name'),
        description: text('a Markdown description'),
        links: {
          type: 'array',
          description: 'a list of links',
          items: {
            type: 'object',
            description: 'a link with title and url',
            required: ['title', 'url'],
            properties: {
              title: text('the link text'),
              url: {
                type: 'string',
                format: 'uri',
                description: 'an absolute URL',
              },
            },
          },
        },
        namespace: text('the Kubernetes namespace of the workloads'),
        type: {
          enum: ['HelmRelease', 'Kustomization'],
          description: '"HelmRelease" or "Kustomization"',
        },
        chart: {
          type: 'object',
          description: 'the Helm chart',
          required: ['name', 'version', 'repository'],
          properties: {
            name: text('the chart name'),
            version: text('the chart version'),
            repository: text('the chart repository'),
          },
        },
        layer: text('the platform layer'),
        status: {
          enum: ['Enabled', 'Disabled'],
          description: '"Enabled" or "Disabled"',
        },
        sourcePath: text(
          'the folder of the manifests in the GitOps repository',
        ),
        owner: text('an entity reference such as group:default/platform-team'),
        flux: {
          type: 'object',
          description: 'the Flux objects that deploy the service',
          required: ['kustomization'],
          properties: {
            kustomization: objectRef('the Flux Kustomization'),
            helmRelease: objectRef('the Flux HelmRelease'),
          },
        },
        dependsOn: {
          type: 'array',
          description: 'a list of upstream dependencies',
          items: {
            type: 'object',
            description: 'a dependency with service and reason',
            required: ['service', 'reason'],
            properties: {
              service: text('the name of another service'),
              reason: { type: 'string', description: 'a reason' },
            },
          },
        },
        purpose: { type: 'string', description: 'Markdown text' },
        features: {
          type: 'array',
          description: 'a list of features',
          items: {
            type: 'object',
            description: 'a feature with name and detail',
            required: ['name', 'detail'],
            properties: {
              name: text('the feature name'),
              detail: { type: 'string', description: 'Markdown text' },
            },
          },
        },
        diagrams: {
          type: 'array',
          description: 'a list of diagrams',
          items: {
            type: 'object',
            description: 'a diagram with title, format and source',
            required: ['title', 'format', 'source'],
            properties: {
              title: text('the diagram title'),
              format: { const: 'mermaid', description: 'the format "mermaid"' },
              source: text('the Mermaid source'),
            },
          },
        },
        configuration: {
          type: 'object',
          description: 'the configuration with file and parameters',
          required: ['file', 'parameters'],
          properties: {
            file: text('the path of the base file'),
            parameters: {
              type: 'array',
              description: 'a list of parameters',
              items: {
                type: 'object',
                description: 'a parameter with name and values',
                required: ['name', 'values'],
                properties: {
                  name: {
                    type: 'string',
                    pattern: '^[A-Z][A-Z0-9_]*$',
                    description:
                      'an upper-case variable name such as TEMPORAL_DB_NAME',
                  },
                  values: {
                    type: 'object',
                    description: 'an object of environment name to value',
                    additionalProperties: {
                      type: 'string',
                      description: 'the value as a string',
                    },
                  },
                  live: {
                    type: 'object',
                    description: 'a live binding with object and path',
                    required: ['object', 'path'],
                    properties: {
                      object: {
                        enum: ['helmRelease', 'kustomization'],
                        description: '"helmRelease" or "kustomization"',
                      },
                      path: {
                        type: 'string',
                        pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
                        description:
                          'a dot path into the Flux object such as spec.chart.spec.version',
                      },
                    },
                  },
                },
              },
            },
          },
        },
        runbooks: {
          type: 'array',
          description: 'a list of runbooks',
          items: {
            type: 'object',
            description: 'a runbook with title, symptoms and script',
            required: ['title', 'symptoms', 'script'],
            properties: {
              title: text('the runbook title'),
              id: {
                type: 'string',
                pattern: DNS_LABEL,
                description: 'a DNS-1123 label such as history-oomkilled',
              },
              symptoms: text('Markdown text'),
              script: { type: 'string', description: 'the script text' },
              signals: {
                type: 'array',
                description:
                  'the health signals this runbook addresses, such as pods-oomkilled; when absent they are inferred from the script',
                items: {
                  type: 'string',
                  pattern: '^[a-z0-9-]+$',
                  description:
                    'a signal id in lower case with hyphens, such as schema-job-failed',
                },
              },
            },
          },
        },
        related: {
          type: 'array',
          description: 'a list of related paths',
          items: {
            type: 'object',
            description: 'a related entry with path and description',
            required: ['path', 'description'],
            properties: {
              path: text('a path in the GitOps repository'),
              description: { type: 'string', description: 'a description' },
            },
          },
        },
      },
      allOf: [
        {
          if: {
            properties: { type: { const: 'HelmRelease' } },
            required: ['type'],
          },
          then: {
            type: 'object',
            required: ['chart', 'flux'],
            properties: {
              chart: true,
              flux: {
                type: 'object',
                required: ['kustomization', 'helmRelease'],
                properties: { kustomization: true, helmRelease: true },
              },
            },
          },
        },
      ],
    },
  },
} as const;
