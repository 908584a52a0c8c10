#!/usr/bin/env bash
# The deploy job of .github/workflows/ci.yml: pins the images that job publish has just pushed for commit $SHA of main
# in the production overlay (argocd/overlays/production/images, a file this script alone writes), commits that as
# github-actions[bot] and pushes it to main, where Argo CD picks it up. It never moves production back: for a commit
# that the deployed one already contains (a deploy that ran late), it changes nothing.
# Environment: SHA, and REGISTRY and OWNER as for .ci/container-image.sh. Needs git (full history) and kustomize.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

images=argocd/overlays/production/images
tag="sha-${SHA::7}"
image_of() { bash .ci/container-image.sh "$1" | sed -n 's/^image=//p'; }
api="$(image_of DualRobot.Api/DualRobot.Api.csproj)"
frontend="$(image_of DualRobot.Frontend/DualRobot.Frontend.csproj)"

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"

for attempt in 1 2 3; do
  git fetch --quiet origin main
  git reset --quiet --hard origin/main
  deployed="$(sed -n 's/^ *newTag: sha-//p' "$images/kustomization.yaml" | head -n 1)"
  if [ -n "$deployed" ] && deployed_commit="$(git rev-parse --quiet --verify "${deployed}^{commit}")" \
    && git merge-base --is-ancestor "$SHA" "$deployed_commit"; then
    echo "deploy: production runs sha-${deployed}, which contains ${tag}: nothing to do."
    exit 0
  fi

  # The names on the left are the ones aspirate-output/ writes; the overlay maps them to what was published.
  (cd "$images" && kustomize edit set image \
    "ghcr.io/dualrobot/dualrobot-api=${api}:${tag}" \
    "ghcr.io/dualrobot/dualrobot-frontend=${frontend}:${tag}")
  git commit --quiet -am "Deploy ${tag} to production [skip ci]"
  if git push --quiet origin HEAD:main; then
    echo "deploy: production now runs ${tag}."
    exit 0
  fi
  echo "deploy: push attempt ${attempt} failed (main moved on); trying again on the new main."
  sleep 5
done
exit 1
