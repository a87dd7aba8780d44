# golive audit/collect over Kubernetes manifests (the k8s collector's offline
# twin): --manifests and `k8s: {manifests: ...}`, broken manifests (exit 2 at
# file:line:column), and planted secrets that must never be printed or kept.
set(K8S_FIXTURES ${FIXTURES}/k8s)
set(K8S_PLANTED "Planted-[A-Za-z]+-Pa55|UGxhbnRlZC1TZWNyZXQtUGE1NQ")

add_test(NAME cli.k8s.manifests-audit
         COMMAND ${GOLIVE_EXPECT} 1 -e "HIGH .* devops.k8s.image-pinned$"
         -e "MEDIUM .* resilience.k8s.pdb-allows-eviction$"
         -e "^    - Deployment odoo/odoo-web tests/fixtures/k8s/retail/odoo.yaml:7$"
         -e "^    - PodDisruptionBudget odoo/odoo-web tests/fixtures/k8s/retail/list.json:2$"
         -e "k8s +ok"
         -n "${K8S_PLANTED}"
         -- $<TARGET_FILE:golive> audit --manifests ${K8S_FIXTURES}/retail --profile staging)
add_test(NAME cli.k8s.config-manifests-json
         COMMAND ${GOLIVE_EXPECT} 1 -e "\"environment\": \"retail-manifests\""
         -e "\"rule_id\": \"security.k8s.no-secret-literals-in-env\"" -n "${K8S_PLANTED}"
         -- $<TARGET_FILE:golive> audit --config ${K8S_FIXTURES}/manifests-config.yaml --format json)
add_test(NAME cli.k8s.snapshot-keeps-no-secret
         COMMAND sh -c "set -e; d=$(mktemp -d); \
           $<TARGET_FILE:golive> collect --manifests ${K8S_FIXTURES}/retail --output $d/s.json; \
           grep -q '<redacted by golive>' $d/s.json; grep -q '\"secrets\"' $d/s.json; \
           if grep -Eq '${K8S_PLANTED}' $d/s.json; then echo 'a planted secret reached the snapshot'; exit 1; fi; \
           rm -rf $d")
add_test(NAME cli.k8s.broken-manifest-exit-2
         COMMAND ${GOLIVE_EXPECT} 2 -e "broken/pod.yaml:[56]:\\d+: error: invalid YAML"
         -- $<TARGET_FILE:golive> audit --manifests ${K8S_FIXTURES}/broken)
add_test(NAME cli.k8s.broken-config-manifests-exit-2
         COMMAND ${GOLIVE_EXPECT} 2 -e "broken/pod.yaml:[56]:\\d+: error: invalid YAML"
         -e "missing-dir: error: manifest path not found" -e "2 problem"
         -- $<TARGET_FILE:golive> audit --config ${K8S_FIXTURES}/bad-manifests-config.yaml)
add_test(NAME cli.k8s.missing-manifests-exit-2
         COMMAND ${GOLIVE_EXPECT} 2 -e "no-such-dir: error: manifest path not found"
         -- $<TARGET_FILE:golive> collect --manifests ${K8S_FIXTURES}/no-such-dir --output /dev/null)
add_test(NAME cli.k8s.needs-config-or-manifests
         COMMAND ${GOLIVE_EXPECT} 2 -e "give --config golive.yaml, --manifests PATH, or both"
         -- $<TARGET_FILE:golive> audit)
