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
  };
}
