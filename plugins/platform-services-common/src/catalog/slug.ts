/**
 * The id a runbook gets when the catalog gives none: its title as a DNS-1123
 * label ("History service OOMKilled under workflow load" becomes
 * "history-service-oomkilled-under-workflow-load").
 *
 * @public
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return slug || 'runbook';
}
