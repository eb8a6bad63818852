#!/usr/bin/env bash
# Builds the real test servers from Go modules and caches them outside the clone:
#   kapi      tools/kapi: embedded etcd, and the upstream kube-apiserver, kube-controller-manager,
#             kube-scheduler and kwok (simulated nodes) in one binary
#   flux      tools/flux: Flux's source-controller and kustomize-controller, with their CRDs
#   temporal  Temporal CLI (its `server start-dev` is a full dev server on SQLite)
# Usage: tools/build-servers.sh
# Stdout, at the end, exactly these lines (progress goes to stderr):
#   KAPI=/abs/path/kapi-v1.36.3-<hash>
#   FLUX_SOURCE=/abs/path/flux-v1.9.6-<hash>/source-controller
#   FLUX_KUSTOMIZE=/abs/path/flux-v1.9.6-<hash>/kustomize-controller
#   FLUX_CRDS=/abs/path/flux-v1.9.6-<hash>/crds
#   TEMPORAL=/abs/path/temporal-v1.5.1
# A binary already in the cache is reused; a build writes a temporary name and renames it into
# place, so an interrupted build never leaves a broken cached binary. Cold: about 1 GB of module
# downloads and several minutes of compiling on 2 cores; warm: instant.
# Cache: ${PLATFORM_SERVICES_CACHE:-$HOME/.cache/platform-services}/bin
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kapi_dir="$repo_root/tools/kapi"
cache_root="${PLATFORM_SERVICES_CACHE:-$HOME/.cache/platform-services}"
bin_dir="$cache_root/bin"
temporal_versions=(v1.5.1 v1.5.0 v1.4.1) # newest first; v1.6.0+ cannot be `go install`ed (replace lines)

log() { printf 'build-servers: %s\n' "$*" >&2; }

if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:$PATH"; fi
command -v go >/dev/null || { log "go is not on PATH (Go >= 1.26 is needed)"; exit 1; }
mkdir -p "$bin_dir"
bin_dir="$(cd "$bin_dir" && pwd)"

# Keep the build independent of the caller's module settings; GOMODCACHE/GOCACHE stay default.
export GOWORK=off GOFLAGS=-buildvcs=false

tmp_paths=()
cleanup() { local p; for p in "${tmp_paths[@]:+${tmp_paths[@]}}"; do rm -rf "$p"; done; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

hash_files() {
	if command -v sha256sum >/dev/null; then cat "$@" | sha256sum | cut -c1-12
	else cat "$@" | shasum -a 256 | cut -c1-12; fi
}

# ---- kapi -------------------------------------------------------------------------------------
k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$kapi_dir/go.mod")"
[[ "$k8s_version" =~ ^v([0-9]+)\.([0-9]+)\. ]] || { log "cannot read the k8s.io/kubernetes version from $kapi_dir/go.mod"; exit 1; }
k8s_major="${BASH_REMATCH[1]}" k8s_minor="${BASH_REMATCH[2]}"
kapi_hash="$(hash_files "$kapi_dir/go.mod" "$kapi_dir/go.sum" "$kapi_dir/main.go")"
kapi_bin="$bin_dir/kapi-$k8s_version-$kapi_hash"

if [[ -x "$kapi_bin" ]]; then
	log "kapi: cached $kapi_bin"
else
	log "kapi: building $k8s_version (cold: ~1 GB of modules, several minutes on 2 cores)"
	tmp="$bin_dir/.kapi.tmp.$$"
	tmp_paths+=("$tmp")
	vpkg=k8s.io/component-base/version
	ldflags="-s -w -X $vpkg.gitVersion=$k8s_version -X $vpkg.gitMajor=$k8s_major -X $vpkg.gitMinor=$k8s_minor -X $vpkg.gitTreeState=clean"
	start=$SECONDS
	(cd "$kapi_dir" && go build -p 2 -trimpath -ldflags "$ldflags" -o "$tmp" .)
	"$tmp" version >/dev/null # refuse to cache a binary that does not run
	mv -f "$tmp" "$kapi_bin"
	log "kapi: built $kapi_bin in $((SECONDS - start))s"
fi

# ---- flux -------------------------------------------------------------------------------------
# Both controllers come from one module graph and one `go build`, into one cached folder with the
# CRDs they serve (read from the modules' own config/crd/bases).
flux_dir="$repo_root/tools/flux"
flux_version="$(awk '$1 == "github.com/fluxcd/kustomize-controller" && $2 ~ /^v/ { print $2; exit }' "$flux_dir/go.mod")"
[[ -n "$flux_version" ]] || { log "cannot read the kustomize-controller version from $flux_dir/go.mod"; exit 1; }
flux_hash="$(hash_files "$flux_dir/go.mod" "$flux_dir/go.sum")"
flux_out="$bin_dir/flux-$flux_version-$flux_hash"

if [[ -x "$flux_out/source-controller" && -x "$flux_out/kustomize-controller" && -d "$flux_out/crds" ]]; then
	log "flux: cached $flux_out"
else
	log "flux: building source-controller and kustomize-controller $flux_version"
	tmp="$bin_dir/.flux.tmp.$$"
	tmp_paths+=("$tmp")
	mkdir -p "$tmp/crds"
	start=$SECONDS
	(cd "$flux_dir" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp/" \
		github.com/fluxcd/source-controller github.com/fluxcd/kustomize-controller)
	for m in github.com/fluxcd/source-controller github.com/fluxcd/kustomize-controller; do
		src="$(cd "$flux_dir" && go list -m -f '{{.Dir}}' "$m")"
		cp "$src"/config/crd/bases/*.yaml "$tmp/crds/"
	done
	chmod -R u+w "$tmp/crds"
	"$tmp/kustomize-controller" --help >/dev/null 2>&1 || { log "flux: kustomize-controller does not run"; exit 1; }
	rm -rf "$flux_out"
	mv -f "$tmp" "$flux_out"
	log "flux: built $flux_out in $((SECONDS - start))s"
fi

# ---- temporal ---------------------------------------------------------------------------------
# The first version in preference order that is cached or installs wins.
temporal_bin=""
for v in "${temporal_versions[@]}"; do
	if [[ -x "$bin_dir/temporal-$v" ]]; then
		temporal_bin="$bin_dir/temporal-$v"
		log "temporal: cached $temporal_bin"
		break
	fi
	log "temporal: installing github.com/temporalio/cli/cmd/temporal@$v"
	gobin="$(mktemp -d "$bin_dir/.temporal.tmp.XXXXXX")"
	tmp_paths+=("$gobin")
	start=$SECONDS
	# Run outside any module so the install is self-contained.
	if (cd "$gobin" && CGO_ENABLED=0 GOBIN="$gobin" go install -p 2 -trimpath \
		-ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=${v#v}" \
		"github.com/temporalio/cli/cmd/temporal@$v") && "$gobin/temporal" --version >/dev/null; then
		mv -f "$gobin/temporal" "$bin_dir/temporal-$v"
		temporal_bin="$bin_dir/temporal-$v"
		log "temporal: built $temporal_bin in $((SECONDS - start))s"
		break
	fi
	log "temporal: $v failed"
done
[[ -n "$temporal_bin" ]] || { log "temporal: no version could be installed (${temporal_versions[*]})"; exit 1; }

echo "KAPI=$kapi_bin"
echo "FLUX_SOURCE=$flux_out/source-controller"
echo "FLUX_KUSTOMIZE=$flux_out/kustomize-controller"
echo "FLUX_CRDS=$flux_out/crds"
echo "TEMPORAL=$temporal_bin"
