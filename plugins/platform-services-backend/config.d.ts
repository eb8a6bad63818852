import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the platform-services plugins. */
  platformServices?: {
    /**
     * Where `service-catalog.json` comes from. Give exactly one of `path` and
     * `url`.
     */
    catalog?: {
      /**
       * A local file, absolute or relative to the backend's working directory.
       * Read on the refresh schedule and whenever the file changes.
       */
      path?: string;
      /**
       * A URL read through Backstage's URL reader, so a file in a Git host
       * works with the usual `integrations` configuration.
       */
      url?: string;
      /**
       * How often the file is read again. Default: 5 minutes.
       * An ISO 8601 duration string such as `PT5M`, or an object such as
       * `{ minutes: 5 }`.
       */
      refresh?: HumanDuration | string;
      /**
       * Files larger than this many bytes are refused before they are
       * parsed. Default: 52428800 (50 MB).
       */
      maxBytes?: number;
      /**
       * Whether a local `path` is watched for changes. Default: true.
       */
      watch?: boolean;
    };
    /**
     * The clusters whose live state the plugin watches, one per catalog
     * environment. Credentials come only from here, never from catalog data.
     */
    /** Running runbook steps from the service page. */
    runs?: {
      /**
       * Environments whose actions need the service name typed to confirm,
       * in addition to `prod` and `production`, which always do.
       */
      typedConfirmationEnvironments?: string[];
      /**
       * How long run records are kept. Default: 90 days. A duration string
       * such as `P90D`, or an object such as `{ days: 90 }`.
       */
      retention?: HumanDuration | string;
    };
    clusters?: Array<{
      /** A DNS-1123 label naming the cluster in answers. */
      name: string;
      /** The catalog environment this cluster runs, e.g. `dev`. */
      environment: string;
      /** Connect with a kubeconfig file (and optionally one of its contexts). */
      kubeconfig?: {
        /** Absolute, or relative to the backend's working directory. */
        path: string;
        context?: string;
      };
      /** Connect with the pod's service account. */
      inCluster?: boolean;
      /** Connect to this API server URL with a bearer token. */
      url?: string;
      /** Base64 PEM of the API server's CA. */
      caData?: string;
      caFile?: string;
      /** @visibility secret */
      token?: string;
      tokenFile?: string;
      skipTLSVerify?: boolean;
    }>;
    /**
     * Temporal servers whose state the plugin probes in the background, one
     * entry per catalog environment and service. Read by readTemporalConfig
     * (src/temporal/config.ts).
     */
    temporal?: Array<{
      /** The catalog environment the server serves, e.g. `dev`. */
      environment: string;
      /** The catalog service it belongs to. Default: `temporal`. */
      service?: string;
      /** The frontend's gRPC address, `host:port`, e.g. `temporal-frontend.temporal.svc:7233`. */
      address: string;
      /**
       * TLS to the frontend: `true` for TLS with the system CAs, or files
       * (absolute or relative to the backend's working directory). An
       * `apiKey` turns TLS on by itself.
       */
      tls?:
        | boolean
        | {
            /** CA bundle (PEM) that signs the server certificate. */
            caFile?: string;
            /** Client certificate (PEM) for mutual TLS; needs `keyFile`. */
            certFile?: string;
            /** Client key (PEM) for mutual TLS; needs `certFile`. */
            keyFile?: string;
            /** The name to check the server certificate against. */
            serverName?: string;
          };
      /**
       * API key, sent as `Authorization: Bearer <key>`.
       * @visibility secret
       */
      apiKey?: string;
      /**
       * Namespaces to probe. Default: `[{ name: default }]`.
       */
      namespaces?: Array<{
        name: string;
        /**
         * The workflow execution retention the namespace should have, in
         * days, hours, minutes or seconds: `72h`, `3d`, `1d12h`. Compared
         * with the live value.
         */
        retention?: string;
        /** Task queues to describe in this namespace; overrides the entry's `taskQueues`. */
        taskQueues?: string[];
      }>;
      /**
       * Task queues to describe in every namespace. Default: the task queues
       * of the namespace's ~100 most recent workflow executions (at most 20).
       */
      taskQueues?: string[];
      /** Base URL of the Temporal Web UI, for links to namespaces and workflows. */
      webUiUrl?: string;
      /**
       * Bound on each call to the server, and on connecting. Default: 3
       * seconds. A duration string such as `3s` or `PT3S`, or an object
       * such as `{ seconds: 3 }`.
       */
      deadline?: HumanDuration | string;
      /**
       * Time between the end of one probe and the start of the next.
       * Default: 15 seconds.
       */
      refresh?: HumanDuration | string;
    }>;
  };
}
