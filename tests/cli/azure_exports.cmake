# golive collect/audit over exported Azure resources (the azure collector's
# offline twin): PSRule for Azure's test resources and the ARM REST examples
# through `azure: {exports: ...}`, broken exports (exit 2 at
# file:line:column), ARM templates refused, and planted secrets that must
# never be printed or kept.
set(AZURE_FIXTURES ${FIXTURES}/azure)
set(PSRULE_DATA ${GOLIVE_TEST_DATA}/psrule-azure/data)
set(ARM_EXAMPLES ${GOLIVE_TEST_DATA}/arm-examples)
set(AZURE_PLANTED "Planted-[A-Za-z]+-Pa55")

# PSRule's five resource files, both export shapes, filed by type.
add_test(NAME cli.azure.exports-psrule-collect
         COMMAND sh -c "set -e; d=$(mktemp -d); \
           printf 'environment: psrule\\ncollectors:\\n  azure:\\n    exports:\\n' > $d/golive.yaml; \
           for f in AKS PostgreSQL Redis Storage KeyVault; do \
             echo \"      - ${PSRULE_DATA}/Resources.$f.json\" >> $d/golive.yaml; done; \
           $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json; \
           python3 -c \"import json,sys; a=json.load(open(sys.argv[1]))['facts']['azure']; \
n={k: len(v) for k, v in a.items()}; print(n); \
assert n['aks']==11 and n['aks_agent_pools']==1 and n['postgres_flexible']==6, n; \
assert n['redis']==12 and n['redis_enterprise']==10 and n['storage_accounts']==9 and n['key_vaults']==8, n; \
c=[x for x in a['aks'] if x['name']=='cluster-F'][0]['properties']; \
assert c['aadProfile']['enableAzureRBAC'] is True and 'azurepolicy' in c['addonProfiles'], c\" $d/s.json; \
           rm -rf $d")

# The ARM REST examples' response bodies, as `az resource show` writes them.
add_test(NAME cli.azure.exports-arm-examples
         COMMAND sh -c "set -e; d=$(mktemp -d); mkdir $d/exports; \
           python3 -c \"import json,sys,pathlib; \
[pathlib.Path(sys.argv[2], p.stem + '.json').write_text(json.dumps(json.load(open(p))['responses']['200']['body'])) \
 for p in pathlib.Path(sys.argv[1]).rglob('*.json')]\" ${ARM_EXAMPLES} $d/exports; \
           printf 'environment: arm-examples\\ncollectors:\\n  azure:\\n    exports: [exports]\\n' > $d/golive.yaml; \
           $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json; \
           python3 -c \"import json,sys; a=json.load(open(sys.argv[1]))['facts']['azure']; \
assert [x['name'] for x in a['aks']]==['clustername1', 'clustername1'], a['aks']; \
assert a['aks'][0]['resources'][0]['type']=='Microsoft.ContainerService/managedClusters/agentPools'; \
assert {x['name'] for x in a['postgres_flexible']}=={'exampleserver'} and a['redis'][0]['name']=='cache1'; \
assert a['orphans'][0]['name']=='array_nulls'\" $d/s.json; \
           rm -rf $d")

add_test(NAME cli.azure.broken-exports-exit-2
         COMMAND ${GOLIVE_EXPECT} 2 -e "broken/list.json:3:3: error: not an Azure resource"
         -e "broken/vault.json:5:\\d+: error: invalid JSON"
         -e "missing-dir: error: exports path not found" -e "3 problem"
         -- $<TARGET_FILE:golive> audit --config ${AZURE_FIXTURES}/bad-exports.yaml)
add_test(NAME cli.azure.exports-template-refused
         COMMAND sh -c "d=$(mktemp -d); \
           printf 'environment: t\\ncollectors:\\n  azure:\\n    exports: [${PSRULE_DATA}/Resources.AKS.Template.json]\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 2 -e 'Template.json:1:1: error: this is an ARM template' \
             -- $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json; \
           code=$?; rm -rf $d; exit $code")
add_test(NAME cli.azure.exports-live-settings-conflict
         COMMAND sh -c "d=$(mktemp -d); \
           printf 'environment: t\\ncollectors:\\n  azure:\\n    subscriptions: [s]\\n    exports: [x.json]\\n' > $d/golive.yaml; \
           ${GOLIVE_EXPECT} 2 -e \"'subscriptions' reads Azure Resource Manager, 'exports' reads files\" \
             -- $<TARGET_FILE:golive> collect --config $d/golive.yaml --output $d/s.json; \
           code=$?; rm -rf $d; exit $code")

# A storage connection string and access keys planted in a Redis export:
# redacted in the snapshot, absent from every report; the cache's rules
# still judge it.
add_test(NAME cli.azure.planted-secret-audit
         COMMAND ${GOLIVE_EXPECT} 3 -e "\"resource\": \"redis-retail\"" -e "azure +ok"
         -n "${AZURE_PLANTED}"
         -- $<TARGET_FILE:golive> audit --config ${AZURE_FIXTURES}/planted/golive.yaml
            --rules ${FIXTURES}/profiles/any-system --profile production-any-system
            --format json --report terminal=/dev/stdout --report markdown=/dev/stdout)
add_test(NAME cli.azure.planted-secret-snapshot
         COMMAND sh -c "set -e; d=$(mktemp -d); \
           $<TARGET_FILE:golive> collect --config ${AZURE_FIXTURES}/planted/golive.yaml --output $d/s.json; \
           grep -q '<redacted by golive>' $d/s.json; grep -q 'rdb-backup-enabled' $d/s.json; \
           if grep -Eq '${AZURE_PLANTED}' $d/s.json; then echo 'a planted secret reached the snapshot'; exit 1; fi; \
           rm -rf $d")
