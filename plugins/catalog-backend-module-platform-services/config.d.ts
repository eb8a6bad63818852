import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  platformServices?: {
    /** How services become catalog entities. */
    entities?: {
      /**
       * Owner of services that name none, and of the layer Systems.
       * Default: group:default/platform-team.
       */
      defaultOwner?: string;
      /** `spec.lifecycle` of the Components. Default: production. */
      lifecycle?: string;
      /**
       * How often the provider asks the platform-services backend for the
       * accepted catalog (an unchanged catalog costs one request and no
       * writes). Default: every 30 seconds.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
