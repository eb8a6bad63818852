type LinkStyle = (ref: string, path: string, isFolder: boolean) => string;

/** The URL layout of the repository's host, worked out from its URL. */
function linkStyle(base: string): LinkStyle {
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return (_ref, path) => `${base}/${path}`;
  }
  if (host.includes('gitlab')) {
    return (ref, path, isFolder) => `${base}/-/${isFolder ? 'tree' : 'blob'}/${ref}/${path}`;
  }
  if (host === 'bitbucket.org') {
    return (ref, path) => `${base}/src/${ref}/${path}`;
  }
  if (host.includes('dev.azure.com')) {
    return (ref, path) => `${base}?path=/${path}&version=GC${ref}`;
  }
  // GitHub, GitHub Enterprise, Gitea and Forgejo share this layout.
  return (ref, path, isFolder) => `${base}/${isFolder ? 'tree' : 'blob'}/${ref}/${path}`;
}

/**
 * A function that links paths of one repository at one commit. The host's URL
 * style is worked out once, which matters for catalogs of thousands of
 * services. Folders (ending in `/`) open as trees, files as blobs.
 *
 * @public
 */
export function repositoryLinker(
  repository: string,
  commit: string,
): (path: string) => string {
  const base = repository.replace(/\.git$/, '').replace(/\/+$/, '');
  const style = linkStyle(base);
  const ref = encodeURIComponent(commit);
  return path => {
    const clean = path.replace(/^\.?\/+/, '');
    const isFolder = clean === '' || clean.endsWith('/');
    const encoded = /^[A-Za-z0-9._~/-]*$/.test(clean)
      ? clean
      : clean
          .split('/')
          .map(segment => encodeURIComponent(segment))
          .join('/');
    return style(ref, encoded, isFolder);
  };
}

/**
 * Turns a path in the GitOps repository into a browsable URL at a commit.
 *
 * @public
 */
export function repositoryLink(
  repository: string,
  commit: string,
  path: string,
): string {
  return repositoryLinker(repository, commit)(path);
}
