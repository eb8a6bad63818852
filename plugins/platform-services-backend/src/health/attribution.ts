import { jobNameOf } from './jobs';
import {
  ExternalSecretObject,
  HelmReleaseObject,
  IngressRouteObject,
  JobObject,
  ObjectMeta,
  PodObject,
  PostgresClusterObject,
  SecretStoreObject,
} from './objects';
import { CNPG_CLUSTER_LABEL } from './postgres';
import { ObservedCluster } from './observedCluster';
import { HealthServiceInput } from './service';
import { selectorMatches, Workload, workloadsOf } from './workloads';

/** The cluster objects that belong to one service. */
export interface ServiceObjects {
  workloads: Workload[];
  /** Pods of those workloads and other pods of the service; not Job or CNPG instance pods. */
  pods: PodObject[];
  jobs: JobObject[];
  jobPods: PodObject[];
  externalSecrets: ExternalSecretObject[];
  secretStores: SecretStoreObject[];
  clusterSecretStores: SecretStoreObject[];
  ingressRoutes: IngressRouteObject[];
  postgresClusters: PostgresClusterObject[];
  postgresPods: PodObject[];
}

const HR_NAME = 'helm.toolkit.fluxcd.io/name';
const HR_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';
const KS_NAME = 'kustomize.toolkit.fluxcd.io/name';
const KS_NAMESPACE = 'kustomize.toolkit.fluxcd.io/namespace';
const INSTANCE = 'app.kubernetes.io/instance';

/**
 * The Helm release name Flux uses for a HelmRelease: `spec.releaseName`, or
 * `[<targetNamespace>-]<name>`. (Flux shortens names over 53 characters with
 * a hash; such names are not reproduced here.)
 */
export function releaseNameOf(hr: HelmReleaseObject): string {
  if (hr.spec?.releaseName) return hr.spec.releaseName;
  const target = hr.spec?.targetNamespace;
  return target ? `${target}-${hr.metadata.name}` : hr.metadata.name;
}

/** Decides which service of the catalog an object belongs to. */
class Attribution {
  private readonly names = new Map<string, string[]>();

  constructor(
    private readonly services: ReadonlyArray<HealthServiceInput>,
    helmReleases: ReadonlyArray<HelmReleaseObject>,
  ) {
    for (const s of services) {
      const names = new Set<string>([s.flux.kustomization.name]);
      const ref = s.flux.helmRelease;
      if (ref) {
        names.add(ref.name);
        const hr = helmReleases.find(
          h =>
            h.metadata.name === ref.name &&
            h.metadata.namespace === ref.namespace,
        );
        if (hr) names.add(releaseNameOf(hr));
      }
      this.names.set(s.name, [...names]);
    }
  }

  /** The service whose Flux object applied the object, from Flux's labels. */
  byFluxLabels(meta: ObjectMeta): HealthServiceInput | undefined {
    const l = meta.labels ?? {};
    return (
      this.services.find(
        s =>
          s.flux.helmRelease &&
          l[HR_NAME] === s.flux.helmRelease.name &&
          (l[HR_NAMESPACE] ?? s.flux.helmRelease.namespace) ===
            s.flux.helmRelease.namespace,
      ) ??
      this.services.find(
        s =>
          l[KS_NAME] === s.flux.kustomization.name &&
          (l[KS_NAMESPACE] ?? s.flux.kustomization.namespace) ===
            s.flux.kustomization.namespace,
      )
    );
  }

  /**
   * The owner of a namespaced object:
   * 1. the only service in the object's namespace, if there is one;
   * 2. the service whose HelmRelease or Kustomization labelled it
   *    (`helm.toolkit.fluxcd.io/name`, `kustomize.toolkit.fluxcd.io/name`);
   * 3. the service whose Helm release name is its `app.kubernetes.io/instance`;
   * 4. the service with the longest name (HelmRelease, release or
   *    Kustomization name) that is the object's name or a `<name>-` prefix of it.
   * Objects matching none belong to no service.
   */
  owner(meta: ObjectMeta): HealthServiceInput | undefined {
    const local = this.services.filter(s => s.namespace === meta.namespace);
    if (local.length === 1) return local[0];
    const byFlux = this.byFluxLabels(meta);
    if (byFlux && local.includes(byFlux)) return byFlux;
    const instance = meta.labels?.[INSTANCE];
    if (instance) {
      const byInstance = local.find(s =>
        this.names.get(s.name)!.includes(instance),
      );
      if (byInstance) return byInstance;
    }
    let best: { service: HealthServiceInput; length: number } | undefined;
    for (const s of local) {
      for (const n of this.names.get(s.name)!) {
        const fits = meta.name === n || meta.name.startsWith(`${n}-`);
        if (fits && (!best || n.length > best.length))
          best = { service: s, length: n.length };
      }
    }
    return best?.service;
  }
}

/**
 * Picks the objects of one service out of the whole cluster. Flux objects are
 * found from the catalog's refs elsewhere; here, namespaced objects go by
 * `Attribution.owner` (which matters where services share a namespace, e.g.
 * `monitoring`), with these refinements:
 * - a pod belongs with the workload whose selector matches it, a Job's pod
 *   with its Job, a CloudNativePG instance pod (`cnpg.io/cluster`) with its
 *   Cluster;
 * - cluster-scoped stores belong to the service whose Flux object applied
 *   them (by Flux's labels only).
 *
 * `services` is the whole catalog (Disabled services included, so their
 * leftovers are not claimed by a neighbour).
 */
export function attributeObjects(
  service: HealthServiceInput,
  services: ReadonlyArray<HealthServiceInput>,
  cluster: ObservedCluster,
): ServiceObjects {
  const attribution = new Attribution(services, cluster.helmReleases ?? []);
  const mine = (meta: ObjectMeta) => attribution.owner(meta) === service;

  const allWorkloads = workloadsOf(cluster);
  const workloads = allWorkloads.filter(w => mine(w.metadata));
  const jobs = (cluster.jobs ?? []).filter(j => mine(j.metadata));
  const postgresClusters = (cluster.postgresClusters ?? []).filter(c =>
    mine(c.metadata),
  );

  const pods: PodObject[] = [];
  const jobPods: PodObject[] = [];
  const postgresPods: PodObject[] = [];
  for (const pod of cluster.pods ?? []) {
    const ns = pod.metadata.namespace;
    const jobName = jobNameOf(pod);
    if (jobName) {
      if (
        jobs.some(
          j => j.metadata.namespace === ns && j.metadata.name === jobName,
        )
      )
        jobPods.push(pod);
      continue;
    }
    const cnpg = pod.metadata.labels?.[CNPG_CLUSTER_LABEL];
    if (cnpg) {
      if (
        postgresClusters.some(
          c => c.metadata.namespace === ns && c.metadata.name === cnpg,
        )
      )
        postgresPods.push(pod);
      continue;
    }
    const owner = allWorkloads.find(
      w =>
        w.metadata.namespace === ns &&
        selectorMatches(w.selector, pod.metadata.labels),
    );
    if (owner ? workloads.includes(owner) : mine(pod.metadata)) pods.push(pod);
  }

  return {
    workloads,
    pods,
    jobs,
    jobPods,
    postgresClusters,
    postgresPods,
    externalSecrets: (cluster.externalSecrets ?? []).filter(e =>
      mine(e.metadata),
    ),
    secretStores: (cluster.secretStores ?? []).filter(s => mine(s.metadata)),
    clusterSecretStores: (cluster.clusterSecretStores ?? []).filter(
      s => attribution.byFluxLabels(s.metadata) === service,
    ),
    ingressRoutes: (cluster.ingressRoutes ?? []).filter(r => mine(r.metadata)),
  };
}
