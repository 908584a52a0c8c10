#!/usr/bin/env bash
# Installs (or upgrades to) a pinned Argo CD into the `argocd` namespace, restores the health check of Application
# objects (argocd-cm.yaml), exposes its UI on NodePort 30007/30008, and waits until it is rolled out.
# Safe to run again: every step is declarative (server-side apply).
# Usage: bash argocd/install-argocd.sh            (ARGOCD_VERSION=v3.1.9 by default)
set -euo pipefail

ARGOCD_VERSION="${ARGOCD_VERSION:-v3.1.9}"
NAMESPACE="argocd"
MANIFEST_URL="https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_VERSION}/manifests/install.yaml"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command -v kubectl >/dev/null 2>&1 || { echo "install-argocd: kubectl is required" >&2; exit 1; }

echo "install-argocd: Argo CD ${ARGOCD_VERSION} into namespace ${NAMESPACE}"
kubectl create namespace "${NAMESPACE}" --dry-run=client -o yaml | kubectl apply -f -

# Server-side apply: the ApplicationSet CRD is too large for the last-applied annotation of client-side apply.
kubectl apply --server-side --force-conflicts -n "${NAMESPACE}" -f "${MANIFEST_URL}"
kubectl apply --server-side --force-conflicts -n "${NAMESPACE}" -f "${here}/argocd-server-nodeport.yaml"
# Application health (so the app of apps' sync waves wait), under a field manager of its own: the next apply of
# install.yaml (whose argocd-cm has no data) then leaves these keys alone.
kubectl apply --server-side --force-conflicts --field-manager=dualrobot-install -n "${NAMESPACE}" -f "${here}/argocd-cm.yaml"

for deployment in argocd-server argocd-repo-server argocd-applicationset-controller argocd-redis; do
  kubectl -n "${NAMESPACE}" rollout status "deployment/${deployment}" --timeout=300s
done
kubectl -n "${NAMESPACE}" rollout status statefulset/argocd-application-controller --timeout=300s

cat <<MSG
install-argocd: Argo CD ${ARGOCD_VERSION} is running.
  UI:       http://<node-ip>:30007  (https on 30008)
  User:     admin
  Password: kubectl -n ${NAMESPACE} get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d; echo
  (change it, then delete the secret: kubectl -n ${NAMESPACE} delete secret argocd-initial-admin-secret)
Next: kubectl apply -f argocd/apps/root.yaml
MSG
