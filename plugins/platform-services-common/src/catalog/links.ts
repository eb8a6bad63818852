/**
 * Turns a path in the GitOps repository into a browsable URL at a commit.
 * Folders (ending in `/`) open as trees, files as blobs, in the URL style of
 * the repository's host.
 *
 * @public
 */
export function repositoryLink(
  repository: string,
  commit: string,
  path: string,
): string {
  const base = repository.replace(/\.git$/, '').replace(/\/+$/, '');
  const clean = path.replace(/^\.?\/+/, '');
  const isFolder = clean === '' || clean.endsWith('/');
  const encoded = clean
    .split('/')
    .map(segment => encodeURIComponent(segment))
    .join('/');
  let host = '';
  try {
    host = new URL(base).hostname;
  } catch {
    return `${base}/${encoded}`;
  }
  const ref = encodeURIComponent(commit);
  if (host.includes('gitlab')) {
    return `${base}/-/${isFolder ? 'tree' : 'blob'}/${ref}/${encoded}`;
  }
  if (host === 'bitbucket.org') {
    return `${base}/src/${ref}/${encoded}`;
  }
  if (host.includes('dev.azure.com')) {
    return `${base}?path=/${encoded}&version=GC${ref}`;
  }
  // GitHub, GitHub Enterprise, Gitea and Forgejo share this layout.
  return `${base}/${isFolder ? 'tree' : 'blob'}/${ref}/${encoded}`;
}
