#!/usr/bin/env bash
# Where CI publishes a project's image, and so what the deploy job pins: <registry>/<owner>/<ContainerRepository>.
# Registry and owner are separate settings because the SDK's ContainerRegistry takes a host alone (ghcr.io/<owner>
# is refused with CONTAINER2012) and GitHub's registry takes no image outside an owner's namespace. Both are written
# in lower case, as registries require and as the SDK writes the repository.
# Usage: REGISTRY=ghcr.io OWNER=<owner> bash .ci/container-image.sh <project.csproj>
# Prints registry=..., repository=<owner>/<name> and image=<registry>/<owner>/<name>, one a line (for $GITHUB_OUTPUT).
set -euo pipefail
project="$1"
name="$(sed -n 's:.*<ContainerRepository>\(.*\)</ContainerRepository>.*:\1:p' "$project")"
if [ -z "$name" ] || [ -z "${REGISTRY:-}" ] || [ -z "${OWNER:-}" ]; then
  echo "container-image: need REGISTRY, OWNER and a <ContainerRepository> in $project" >&2
  exit 1
fi
registry="${REGISTRY,,}"
repository="${OWNER,,}/${name}"
echo "registry=${registry}"
echo "repository=${repository}"
echo "image=${registry}/${repository}"
