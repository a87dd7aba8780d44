"""A throw-away Kubernetes API server on loopback that replays objects.

    objects = load_objects("tests/integration/k8s/retail.yaml") + polaris_objects()
    with KubeAPIServer(objects, token="t0ken") as api:
        api.url                               # https://127.0.0.1:PORT
        api.ca.cert                           # the private CA that signed it
        write_kubeconfig(path, api.url, api.ca.cert, {"token": "t0ken"})
        api.add_fault(resource="secrets", status=403)       # RBAC says no
        api.add_fault(resource="pods", status=500, times=2)  # then it recovers
        api.add_fault(path="/version", delay=10)             # slower than a timeout
        run_golive_or_kubectl(...)
        api.requests(resource="secrets")      # what clients asked for, in order

It is faithful enough for kubectl (`get`, `-A`, `-o json`, chunking) and for
golive's live collector, and answers only GET (anything else is 405):

  TLS           a certificate from a private CA (certs.CertificateAuthority);
                ALPN http/1.1, keep-alive.
  auth          `Authorization: Bearer TOKEN` (tokens: {token: user name}),
                or a client certificate of `client_ca` when given; 401 Status
                otherwise — for /version too (anonymous access is off).
  discovery     /version, /api (APIVersions), /apis (APIGroupList), /apis/G,
                /api/v1 and /apis/G/V (APIResourceList: names, kinds,
                namespaced, verbs, short names). Built-in groups are always
                served; a custom resource's group only when objects of it are
                loaded (its CustomResourceDefinition is then listed too).
                Aggregated discovery is not offered (clients fall back).
  LIST / GET    every resource at cluster scope and under /namespaces/NS/,
                and single objects by name; `limit` and `continue` (opaque,
                bound to the list and resourceVersion: a stale one is 410
                Expired), `labelSelector` (=, ==, !=, in, notin, key, !key),
                `fieldSelector` (metadata.name, metadata.namespace).
                metadata.resourceVersion on lists and objects; list items
                leave out apiVersion/kind for built-in kinds, as a real
                server does (custom resources keep them).
  Accept        plain JSON; `as=Table` (v1 or v1beta1; columns for pods,
                deployments, namespaces, nodes and services, else Name and
                Created At; rows carry the object per `includeObject`);
                `as=PartialObjectMetadataList` / `PartialObjectMetadata`.
                Protobuf only is 406.
  errors        Kubernetes Status objects (401, 403, 404, 405, 406, 410, 500).

Fault injection (add_fault): on a resource (any scope) or a path regex, for
the first `times` matching requests or forever: `status` (403 names the verb,
resource and scope as RBAC does; 500 and others a generic Status), `delay`
seconds before answering, `stall` seconds after the headers, before the body,
`full_objects` (answer a metadata-only Accept with whole objects, Secret data
included — what a buggy or hostile server could do).

The request log (requests(), log_path) records every request: method, path,
query, Accept, the bearer token seen, the user (token's or client
certificate's), the status sent, the number of items, the continue token
issued, and the fault applied; TLS handshakes that fail are logged too
(path None, error set).

Objects: load_objects(paths) reads YAML (PyYAML, Debian's python3-yaml) or
JSON files and directories, multi-document, kubectl Lists expanded;
polaris_objects() builds a set from Polaris's check fixtures (one namespace
per fixture file); synthetic_objects(n) makes n deployments/pods/services for
benchmarks. The server fills in what an API server would: uid,
creationTimestamp, resourceVersion, generation, Namespace status and the
kubernetes.io/metadata.name label, pod status when absent.

Run it by hand (prints the URL, writes a kubeconfig, serves until Ctrl-C):

    python3 -m localservers.kube_api --kubeconfig /tmp/kc.yaml tests/integration/k8s/
"""

import base64
import copy
import datetime
import hashlib
import http.server
import json
import os
import re
import ssl
import tempfile
import threading
import time
import urllib.parse
import uuid

from . import common
from .certs import CertificateAuthority


DEFAULT_VERSION = {
    "major": "1", "minor": "34", "emulationMajor": "1", "emulationMinor": "34", "minCompatibilityMajor": "1",
    "minCompatibilityMinor": "33", "gitVersion": "v1.34.2", "gitCommit": "8cc511e399b929453cd98ae65b419c3cc227ec79",
    "gitTreeState": "clean", "buildDate": "2025-11-11T19:10:20Z", "goVersion": "go1.24.9", "compiler": "gc",
    "platform": "linux/amd64"}

# Built-in resources: (group, version, kind, plural, namespaced, short names, categories).
BUILTIN_RESOURCES = [
    ("", "v1", "Namespace", "namespaces", False, ["ns"], []),
    ("", "v1", "Node", "nodes", False, ["no"], []),
    ("", "v1", "Pod", "pods", True, ["po"], ["all"]),
    ("", "v1", "Service", "services", True, ["svc"], ["all"]),
    ("", "v1", "ConfigMap", "configmaps", True, ["cm"], []),
    ("", "v1", "Secret", "secrets", True, [], []),
    ("", "v1", "ServiceAccount", "serviceaccounts", True, ["sa"], []),
    ("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", True, ["pvc"], []),
    ("", "v1", "PersistentVolume", "persistentvolumes", False, ["pv"], []),
    ("", "v1", "ResourceQuota", "resourcequotas", True, ["quota"], []),
    ("", "v1", "LimitRange", "limitranges", True, ["limits"], []),
    ("", "v1", "Endpoints", "endpoints", True, ["ep"], []),
    ("", "v1", "Event", "events", True, ["ev"], []),
    ("apps", "v1", "Deployment", "deployments", True, ["deploy"], ["all"]),
    ("apps", "v1", "StatefulSet", "statefulsets", True, ["sts"], ["all"]),
    ("apps", "v1", "DaemonSet", "daemonsets", True, ["ds"], ["all"]),
    ("apps", "v1", "ReplicaSet", "replicasets", True, ["rs"], ["all"]),
    ("batch", "v1", "Job", "jobs", True, [], ["all"]),
    ("batch", "v1", "CronJob", "cronjobs", True, ["cj"], ["all"]),
    ("networking.k8s.io", "v1", "Ingress", "ingresses", True, ["ing"], []),
    ("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", True, ["netpol"], []),
    ("networking.k8s.io", "v1", "IngressClass", "ingressclasses", False, [], []),
    ("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", True, ["pdb"], []),
    ("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", True, ["hpa"], ["all"]),
    ("storage.k8s.io", "v1", "StorageClass", "storageclasses", False, ["sc"], []),
    ("rbac.authorization.k8s.io", "v1", "Role", "roles", True, [], []),
    ("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", True, [], []),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", False, [], []),
    ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", False, [], []),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", False,
     ["crd", "crds"], []),
]

# Custom resources golive knows, with their real plurals and short names.
KNOWN_CUSTOM_RESOURCES = {
    ("traefik.io", "IngressRoute"): ("ingressroutes", []),
    ("traefik.io", "Middleware"): ("middlewares", []),
    ("traefik.io", "TLSOption"): ("tlsoptions", []),
    ("traefik.containo.us", "IngressRoute"): ("ingressroutes", []),
    ("traefik.containo.us", "Middleware"): ("middlewares", []),
    ("traefik.containo.us", "TLSOption"): ("tlsoptions", []),
    ("kustomize.toolkit.fluxcd.io", "Kustomization"): ("kustomizations", ["ks"]),
    ("helm.toolkit.fluxcd.io", "HelmRelease"): ("helmreleases", ["hr"]),
    ("argoproj.io", "Application"): ("applications", ["app", "apps"]),
}

CLUSTER_SCOPED_CUSTOM = set()  # (group, kind) of cluster-scoped custom resources, none known

PARTIAL_KINDS = ("PartialObjectMetadataList", "PartialObjectMetadata")


def plural_of(kind):
    """The resource name Kubernetes derives for a kind (CRDs usually agree)."""
    key = kind.lower()
    if key.endswith("y") and len(key) > 1 and key[-2] not in "aeiou":
        return key[:-1] + "ies"
    if key.endswith(("s", "x", "ch", "sh")):
        return key + "es"
    return key + "s"


def split_api_version(api_version):
    group, _, version = api_version.rpartition("/")
    return group, version


class Resource:
    def __init__(self, group, version, kind, plural, namespaced, short_names=(), categories=(),
                 custom=False):
        self.group, self.version, self.kind, self.plural = group, version, kind, plural
        self.namespaced, self.short_names, self.categories = namespaced, list(short_names), list(categories)
        self.custom = custom
        self.objects = []  # sorted by (namespace, name), as etcd keys are

    @property
    def api_version(self):
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self):
        return self.kind.lower()

    def discovery(self):
        entry = {"name": self.plural, "singularName": self.singular, "namespaced": self.namespaced,
                 "kind": self.kind, "verbs": ["get", "list"]}
        if self.short_names:
            entry["shortNames"] = self.short_names
        if self.categories:
            entry["categories"] = self.categories
        entry["storageVersionHash"] = base64.b64encode(
            hashlib.sha256(f"{self.api_version}/{self.kind}".encode()).digest()[:8]).decode()
        return entry


def _object_key(obj):
    return obj["metadata"].get("namespace", ""), obj["metadata"]["name"]


def _timestamp(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_timestamp(text):
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except (TypeError, ValueError):
        return None


def human_age(seconds):
    """kubectl's short duration: 45s, 12m, 5h, 3d, 2y."""
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        return f"{minutes}m{seconds % 60}s" if seconds % 60 else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 365 * 2:
        return f"{days}d"
    return f"{days // 365}y"


# ---------------------------------------------------------------------------
# Objects


def _documents(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return [json.loads(text)]
    return [doc for doc in _yaml().load_all(text, Loader=_yaml_loader()) if doc is not None]


def _yaml():
    import yaml  # python3-yaml; only needed for YAML files
    return yaml


def _yaml_loader():
    """SafeLoader that keeps timestamps as strings, as the API server does."""
    yaml = _yaml()

    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def _expand(doc):
    if isinstance(doc, dict) and isinstance(doc.get("items"), list) and \
            str(doc.get("kind", "")).endswith("List"):
        return [item for sub in doc["items"] for item in _expand(sub)]
    return [doc]


def is_object(doc):
    return isinstance(doc, dict) and isinstance(doc.get("apiVersion"), str) and \
        isinstance(doc.get("kind"), str) and isinstance(doc.get("metadata"), dict) and \
        isinstance(doc["metadata"].get("name"), str)


def load_objects(*paths):
    """Kubernetes objects from YAML/JSON files or directories (sorted, recursive)."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                files += [os.path.join(root, n) for n in names
                          if n.endswith((".yaml", ".yml", ".json"))]
        else:
            files.append(path)
    objects = []
    for path in sorted(files):
        for doc in _documents(path):
            objects += [o for o in _expand(doc) if is_object(o)]
    return objects


def _dns_label(text, limit=63):
    label = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    if len(label) > limit:
        digest = hashlib.sha1(label.encode()).hexdigest()[:6]
        label = label[:limit - 7].rstrip("-") + "-" + digest
    return label


def polaris_objects(root=None):
    """Polaris's check fixtures (Apache-2.0, tests/data/polaris) as one cluster: each fixture file in its own namespace
    `polaris-<check>-<case>` (so names and references inside a file still
    resolve), cluster-scoped objects prefixed with that namespace, and the
    Namespace objects themselves. Files that are not Kubernetes objects
    (check.yaml) are left out."""
    root = root or common.test_data("polaris", "test", "checks")
    builtin_cluster = {kind for (_, _, kind, _, namespaced, _, _) in BUILTIN_RESOURCES if not namespaced}
    objects, namespaces = [], []
    for check in sorted(os.listdir(root)):
        directory = os.path.join(root, check)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if not name.endswith((".yaml", ".yml")) or name.startswith("check."):
                continue
            case = name.rsplit(".", 1)[0]
            namespace = _dns_label(f"polaris-{check}-{case}")
            docs = [o for doc in _documents(os.path.join(directory, name)) for o in _expand(doc)
                    if is_object(o)]
            if not docs:
                continue
            renamed = {}
            for obj in docs:
                meta = obj["metadata"]
                meta.setdefault("annotations", {})
                if meta["annotations"] is None:
                    meta["annotations"] = {}
                meta["annotations"]["golive.test/source"] = f"polaris/{check}/{name}"
                if obj["kind"] in builtin_cluster:
                    new = _dns_label(f"{namespace}-{meta['name']}", 253)
                    renamed[(obj["kind"], meta["name"])] = new
                    meta["name"] = new
                    meta.pop("namespace", None)
                else:
                    meta["namespace"] = namespace
            for obj in docs:  # bindings to roles renamed above follow them
                ref = obj.get("roleRef")
                if isinstance(ref, dict) and (ref.get("kind"), ref.get("name")) in renamed:
                    ref["name"] = renamed[(ref["kind"], ref["name"])]
            objects += docs
            if any("namespace" in o["metadata"] for o in docs):
                namespaces.append({"apiVersion": "v1", "kind": "Namespace",
                                   "metadata": {"name": namespace,
                                                "labels": {"golive.test/source": "polaris"}}})
    return namespaces + objects


def synthetic_objects(count, namespaces=20, seed_name="bench"):
    """`count` objects — 30% Deployments, 50% Pods, 20% Services — spread
    over `namespaces` namespaces, plus those Namespaces and three Nodes. Each
    Deployment looks like a real one (probes, resources, labels, a pinned
    image, a spread constraint), so a page of them weighs what real ones do."""
    objects = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"{seed_name}-{n:03d}"}}
               for n in range(namespaces)]
    for zone in range(3):
        objects.append(_node(f"{seed_name}-node-{zone}", f"bench-{zone + 1}"))
    for i in range(count):
        namespace = f"{seed_name}-{i % namespaces:03d}"
        app = f"app-{i:05d}"
        labels = {"app.kubernetes.io/name": app, "app.kubernetes.io/component": "web",
                  "app.kubernetes.io/part-of": seed_name}
        bucket = i % 10
        if bucket < 3:
            objects.append(_deployment(app, namespace, labels, replicas=2 + i % 3,
                                       image=f"registry.example/{seed_name}/{app}:1.{i % 17}.{i % 5}"))
        elif bucket < 8:
            objects.append(_pod(f"{app}-{i:05x}-x{i % 7}z", namespace, labels,
                                image=f"registry.example/{seed_name}/{app}:1.{i % 17}.{i % 5}",
                                node=f"{seed_name}-node-{i % 3}"))
        else:
            objects.append({"apiVersion": "v1", "kind": "Service",
                            "metadata": {"name": app, "namespace": namespace, "labels": labels},
                            "spec": {"type": "ClusterIP", "clusterIP": f"10.0.{i // 250 % 250}.{i % 250 + 1}",
                                     "selector": labels,
                                     "ports": [{"name": "http", "port": 80, "protocol": "TCP",
                                                "targetPort": "http"}]}})
    return objects


def _node(name, zone):
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name,
                                                  "kubernetes.io/os": "linux",
                                                  "topology.kubernetes.io/zone": zone}},
            "status": {"conditions": [{"type": "Ready", "status": "True"}],
                       "nodeInfo": {"kubeletVersion": "v1.34.2", "osImage": "Ubuntu 22.04.5 LTS",
                                    "containerRuntimeVersion": "containerd://1.7.23",
                                    "architecture": "amd64", "operatingSystem": "linux"}}}


def _container(name, image):
    return {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
            "env": [{"name": "LOG_LEVEL", "value": "info"},
                    {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}],
            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}},
            "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 10},
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 20},
            "securityContext": {"runAsNonRoot": True, "allowPrivilegeEscalation": False,
                                "readOnlyRootFilesystem": True}}


def _deployment(name, namespace, labels, replicas, image):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {"replicas": replicas, "revisionHistoryLimit": 10,
                     "strategy": {"type": "RollingUpdate",
                                  "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
                     "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"topologySpreadConstraints": [
                                      {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                       "whenUnsatisfiable": "ScheduleAnyway",
                                       "labelSelector": {"matchLabels": labels}}],
                                      "containers": [_container(name, image)]}}},
            "status": {"replicas": replicas, "readyReplicas": replicas, "updatedReplicas": replicas,
                       "availableReplicas": replicas, "observedGeneration": 1}}


def _pod(name, namespace, labels, image, node):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {"nodeName": node, "containers": [_container(labels["app.kubernetes.io/name"], image)]}}


def _pod_status(pod, created):
    containers = (pod.get("spec") or {}).get("containers") or []
    return {"phase": "Running", "startTime": created,
            "conditions": [{"type": t, "status": "True", "lastTransitionTime": created}
                           for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")],
            "containerStatuses": [{"name": c.get("name", f"c{i}"), "image": c.get("image", ""),
                                   "ready": True, "started": True, "restartCount": 0,
                                   "state": {"running": {"startedAt": created}}}
                                  for i, c in enumerate(containers) if isinstance(c, dict)]}


# ---------------------------------------------------------------------------
# Label and field selectors

_REQUIREMENT = re.compile(
    r"^\s*(?P<neg>!)?\s*(?P<key>[A-Za-z0-9._/-]+)\s*"
    r"(?:(?P<op>==|=|!=)\s*(?P<value>[A-Za-z0-9._-]*)|\s+(?P<setop>in|notin)\s*\((?P<values>[^)]*)\))?\s*$")


def _split_selector(text):
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current)
    return parts


def parse_label_selector(text):
    """A predicate over a labels dict; raises ValueError on bad syntax."""
    tests = []
    for part in _split_selector(text or ""):
        m = _REQUIREMENT.match(part)
        if not m:
            raise ValueError(f"unable to parse requirement: {part.strip()!r}")
        key, neg = m["key"], bool(m["neg"])
        if m["op"]:
            if neg:
                raise ValueError(f"unable to parse requirement: {part.strip()!r}")
            value = m["value"]
            tests.append((lambda k, v: lambda l: l.get(k) != v)(key, value) if m["op"] == "!="
                         else (lambda k, v: lambda l: l.get(k) == v)(key, value))
        elif m["setop"]:
            values = {v.strip() for v in m["values"].split(",") if v.strip()}
            tests.append((lambda k, vs: lambda l: l.get(k) in vs)(key, values) if m["setop"] == "in"
                         else (lambda k, vs: lambda l: l.get(k) not in vs)(key, values))
        else:
            tests.append((lambda k: lambda l: k not in l)(key) if neg else (lambda k: lambda l: k in l)(key))
    return lambda labels: all(t(labels or {}) for t in tests)


def parse_field_selector(text):
    tests = []
    for part in [p for p in (text or "").split(",") if p.strip()]:
        m = re.match(r"^\s*([A-Za-z.]+)\s*(==|=|!=)\s*(.*?)\s*$", part)
        if not m or m[1] not in ("metadata.name", "metadata.namespace"):
            raise ValueError(f'field label not supported: {part.split("=")[0].strip()}')
        field, op, value = m[1].split(".")[1], m[2], m[3]
        tests.append((lambda f, v, eq: lambda meta: (meta.get(f, "") == v) == eq)(field, value, op != "!="))
    return lambda meta: all(t(meta) for t in tests)


# ---------------------------------------------------------------------------
# Faults and the request log


class Fault:
    def __init__(self, resource=None, path=None, status=None, times=None, delay=0.0, stall=0.0,
                 full_objects=False, message=None):
        if (resource is None) == (path is None):
            raise ValueError("a fault needs exactly one of resource= or path=")
        self.resource, self.path = resource, re.compile(path) if path else None
        self.status, self.times, self.delay, self.stall = status, times, delay, stall
        self.full_objects, self.message = full_objects, message
        self.applied = 0

    def matches(self, path, resource):
        if self.times is not None and self.applied >= self.times:
            return False
        if self.path is not None:
            return bool(self.path.fullmatch(path))
        return resource is not None and resource.plural == self.resource

    def describe(self):
        what = [f"status={self.status}"] if self.status else []
        what += [f"delay={self.delay:g}"] if self.delay else []
        what += [f"stall={self.stall:g}"] if self.stall else []
        what += ["full_objects"] if self.full_objects else []
        return " ".join(what)


class ApiError(Exception):
    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details

    def status(self):
        body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": self.message, "reason": self.reason, "code": self.code}
        if self.details:
            body["details"] = self.details
        return body


def _not_found(path):
    return ApiError(404, "NotFound", "the server could not find the requested resource",
                    {"causes": [{"reason": "UnexpectedServerResponse", "message": "404 page not found"}]}
                    if path is None else None)


# ---------------------------------------------------------------------------
# The server


class _TLSServer(common.ThreadingTLSServer):
    request_queue_size = 64

    def __init__(self, api, context):
        self.api = api
        super().__init__(_Handler, context)

    def handle_error(self, request, client_address):
        # A client that gave up (timeout, bad certificate): log, stay quiet.
        import sys
        error = sys.exc_info()[1]
        self.api._log({"method": None, "path": None, "status": None,
                       "error": f"{type(error).__name__}: {error}"})


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "golive-kube-replay"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def setup(self):
        super().setup()
        self.connection.settimeout(30)

    def handle(self):
        try:
            self.connection.do_handshake()
        except (ssl.SSLError, OSError) as e:
            self.server.api._log({"method": None, "path": None, "status": None,
                                  "error": f"TLS handshake failed: {e}"})
            self.close_connection = True
            return
        super().handle()

    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.api._serve(self, "GET")

    def _not_allowed(self):
        # Read the body, so the next request on this connection parses.
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
        self.server.api._serve(self, self.command)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _not_allowed  # noqa: N815


def _media_ranges(accept):
    """[(media type, {param: value})] of an Accept header, in order."""
    ranges = []
    for item in (accept or "*/*").split(","):
        fields = [f.strip() for f in item.split(";")]
        params = {}
        for field in fields[1:]:
            key, _, value = field.partition("=")
            params[key.strip().lower()] = value.strip()
        ranges.append((fields[0].lower(), params))
    return ranges


def negotiate(accept):
    """('json'|'table'|'partial', meta.k8s.io version or None) for an Accept
    header; None if nothing acceptable is offered (protobuf only)."""
    for media, params in _media_ranges(accept):
        if media not in ("application/json", "application/*", "*/*"):
            continue
        as_kind = params.get("as")
        if as_kind is None:
            return "json", None
        if params.get("g") != "meta.k8s.io" or params.get("v") not in ("v1", "v1beta1"):
            continue
        if as_kind == "Table":
            return "table", params["v"]
        if as_kind in PARTIAL_KINDS:
            return "partial", params["v"]
    return None


class KubeAPIServer(common.HTTPSService):
    """See the module documentation. Start with start() or `with`."""

    thread_name = "kube-api"

    def __init__(self, objects=(), token="golive-replay-token", tokens=None, client_ca=None,
                 version=None, directory=None, ca=None, log_path=None, server_names=None):
        self.tokens = dict(tokens or {})
        if token:
            self.tokens.setdefault(token, "system:serviceaccount:golive:auditor")
        self.client_ca = client_ca
        self.version = dict(version or DEFAULT_VERSION)
        self.directory, self._own_directory = (directory, False) if directory else \
            (tempfile.mkdtemp(prefix="golive-kube-api-"), True)
        self.ca = ca or CertificateAuthority(os.path.join(self.directory, "pki"), "kube replay CA")
        self.certificate = self.ca.issue(
            "kube-apiserver", sans=server_names or ["kubernetes", "kubernetes.default",
                                                     "kubernetes.default.svc", "localhost", "127.0.0.1"])
        self.log_path = log_path
        self.faults = []
        self._log_entries = []
        self._lock = threading.Lock()
        self._resource_version = 1000
        self._resources = {}
        self.started_at = time.time()
        for group, version, kind, plural, namespaced, short, categories in BUILTIN_RESOURCES:
            self._resources[(group, plural)] = Resource(group, version, kind, plural, namespaced,
                                                        short, categories)
        self.load(objects)
        self._server = None
        self._thread = None

    # -- objects ----------------------------------------------------------

    def _resource_for(self, obj):
        group, version = split_api_version(obj["apiVersion"])
        for resource in self._resources.values():
            if resource.group == group and resource.kind == obj["kind"]:
                return resource
        # A built-in kind under another group or version (extensions/v1beta1
        # Deployment, or Polaris's `apiVersion: v1` PodDisruptionBudget) is
        # stored as the served one, as the API server converts on write.
        for resource in self._resources.values():
            if not resource.custom and resource.kind == obj["kind"]:
                return resource
        known = KNOWN_CUSTOM_RESOURCES.get((group, obj["kind"]))
        builtin_group = any(g == group for (g, *_) in BUILTIN_RESOURCES)
        plural, short = known if known else (plural_of(obj["kind"]), [])
        # Another kind of a built-in group is namespaced if the object says
        # so; a custom resource is namespaced unless known to be cluster-wide.
        namespaced = "namespace" in obj["metadata"] if builtin_group else \
            (group, obj["kind"]) not in CLUSTER_SCOPED_CUSTOM
        resource = Resource(group, version, obj["kind"], plural, namespaced, short_names=short,
                            custom=not builtin_group)
        self._resources[(group, plural)] = resource
        return resource

    def load(self, objects):
        """Adds objects (deep-copied), filling in what the API server would."""
        now = time.time()
        touched = {}
        for index, source in enumerate(objects):
            obj = copy.deepcopy(source)
            resource = self._resource_for(obj)
            obj["apiVersion"] = resource.api_version  # stored version, as the server converts
            meta = obj["metadata"]
            if resource.namespaced:
                meta.setdefault("namespace", "default")
            else:
                meta.pop("namespace", None)
            if not meta.get("labels"):
                meta.pop("labels", None)
            if not meta.get("annotations"):
                meta.pop("annotations", None)
            self._resource_version += 1
            meta.setdefault("uid", str(uuid.uuid5(uuid.NAMESPACE_URL, "k8s:%s/%s/%s/%s" % (
                resource.api_version, resource.plural, meta.get("namespace", ""), meta["name"]))))
            meta.setdefault("resourceVersion", str(self._resource_version))
            meta.setdefault("creationTimestamp", _timestamp(now - 86400 * 3 - index))
            if resource.group in ("apps", "batch", "policy", "autoscaling", "networking.k8s.io") or \
                    resource.custom:
                meta.setdefault("generation", 1)
            if resource.kind == "Namespace":
                meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta["name"]
                obj.setdefault("spec", {"finalizers": ["kubernetes"]})
                obj.setdefault("status", {"phase": "Active"})
            elif resource.kind == "Pod" and "status" not in obj:
                obj["status"] = _pod_status(obj, meta["creationTimestamp"])
            if resource not in touched:
                touched[resource] = {_object_key(o): o for o in resource.objects}
            touched[resource][_object_key(obj)] = obj  # a later object replaces an earlier one
        for resource, by_key in touched.items():
            resource.objects = [by_key[k] for k in sorted(by_key)]
        self._define_custom_resources()
        return self

    def _define_custom_resources(self):
        crds = self._resources[("apiextensions.k8s.io", "customresourcedefinitions")]
        crds.objects = []
        for resource in sorted(self.custom_resources(), key=lambda r: (r.group, r.plural)):
            name = f"{resource.plural}.{resource.group}"
            crds.objects.append({
                "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": name, "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
                             "resourceVersion": str(self._resource_version),
                             "creationTimestamp": _timestamp(self.started_at - 86400 * 30),
                             "generation": 1},
                "spec": {"group": resource.group, "scope": "Namespaced" if resource.namespaced else "Cluster",
                         "names": {"kind": resource.kind, "listKind": resource.kind + "List",
                                   "plural": resource.plural, "singular": resource.singular,
                                   **({"shortNames": resource.short_names} if resource.short_names else {})},
                         "versions": [{"name": resource.version, "served": True, "storage": True,
                                       "schema": {"openAPIV3Schema": {
                                           "type": "object", "x-kubernetes-preserve-unknown-fields": True}}}]},
                "status": {"conditions": [{"type": "Established", "status": "True"}],
                           "acceptedNames": {"kind": resource.kind, "plural": resource.plural},
                           "storedVersions": [resource.version]}})

    def custom_resources(self):
        """Custom resources with objects loaded (their groups are discoverable)."""
        return [r for r in self._resources.values() if r.custom and r.objects]

    def served_resources(self):
        return [r for r in self._resources.values() if not r.custom or r.objects]

    def resource(self, plural, group=None):
        found = [r for r in self._resources.values() if r.plural == plural and (group is None or r.group == group)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} resources named {plural}")
        return found[0]

    def objects(self, plural, group=None):
        return self.resource(plural, group).objects

    def counts(self):
        """{plural: number of objects} of every served resource with objects."""
        return {r.plural: len(r.objects) for r in self.served_resources() if r.objects}

    # -- lifecycle --------------------------------------------------------

    def _make_server(self):
        return _TLSServer(self, common.tls_server_context(self.certificate, client_ca=self.client_ca,
                                                          alpn=["http/1.1"]))

    # -- faults and log ---------------------------------------------------

    def add_fault(self, **kwargs):
        fault = Fault(**kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self):
        with self._lock:
            self.faults = []

    def _take_fault(self, path, resource):
        with self._lock:
            for fault in self.faults:
                if fault.matches(path, resource):
                    fault.applied += 1
                    return fault
        return None

    def _log(self, entry):
        entry.setdefault("time", time.time())
        with self._lock:
            self._log_entries.append(entry)
            if self.log_path:
                with open(self.log_path, "a") as f:
                    f.write(json.dumps(entry) + "\n")

    def requests(self, resource=None, path=None):
        """Logged requests (dicts), optionally those of one resource plural
        or whose path matches a regex; handshake failures have path None."""
        with self._lock:
            entries = list(self._log_entries)
        if resource is not None:
            entries = [e for e in entries if e.get("resource") == resource]
        if path is not None:
            entries = [e for e in entries if e.get("path") and re.fullmatch(path, e["path"])]
        return entries

    def clear_log(self):
        with self._lock:
            self._log_entries = []

    # -- request handling -------------------------------------------------

    def _authenticate(self, handler):
        header = handler.headers.get("Authorization", "")
        token = header[len("Bearer "):].strip() if header.startswith("Bearer ") else None
        if token is not None:
            return token, self.tokens.get(token)
        if self.client_ca:
            cert = handler.connection.getpeercert()
            if cert:
                subject = dict(pair for rdn in cert.get("subject", ()) for pair in rdn)
                return None, subject.get("commonName", "client-cert")
        return None, None

    def _serve(self, handler, method):
        parsed = urllib.parse.urlsplit(handler.path)
        path = parsed.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}
        accept = handler.headers.get("Accept")
        entry = {"method": method, "path": path, "query": query, "accept": accept,
                 "user_agent": handler.headers.get("User-Agent"), "token": None, "user": None,
                 "resource": None, "status": None, "fault": None}
        fault = None
        stall = 0.0
        try:
            token, user = self._authenticate(handler)
            entry["token"], entry["user"] = token, user
            route = self._route(path)
            entry["resource"] = route["resource"].plural if route.get("resource") else None
            fault = self._take_fault(path, route.get("resource"))
            if fault:
                entry["fault"] = fault.describe()
                if fault.delay:
                    time.sleep(fault.delay)
                stall = fault.stall
            if user is None:
                raise ApiError(401, "Unauthorized", "Unauthorized")
            if method != "GET":
                raise ApiError(405, "MethodNotAllowed", f"the server does not allow this method on "
                               f"the requested resource (this replay is read-only)")
            if fault and fault.status:
                raise self._fault_error(fault, route, user)
            body = self._respond(route, query, accept, full_objects=bool(fault and fault.full_objects))
            code = 200
        except ApiError as e:
            body, code = e.status(), e.code
        entry["status"] = code
        if isinstance(body, dict):
            entry["kind"] = body.get("kind")
            issued = (body.get("metadata") or {}).get("continue") if body.get("kind") != "Status" else None
            if issued:
                entry["continue_issued"] = issued
            if isinstance(body.get("items"), list):
                entry["items"] = len(body["items"])
            elif isinstance(body.get("rows"), list):
                entry["items"] = len(body["rows"])
        self._log(entry)
        self._write(handler, code, body, stall, method)

    def _write(self, handler, code, body, stall, method):
        data = (json.dumps(body, separators=(",", ":")) + "\n").encode()
        try:
            handler.send_response(code)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.send_header("Cache-Control", "no-cache, private")
            handler.send_header("Audit-Id", str(uuid.uuid4()))
            if code == 500:
                handler.send_header("Retry-After", "1")
            handler.end_headers()
            handler.wfile.flush()
            if stall:
                time.sleep(stall)
            if method != "HEAD":
                handler.wfile.write(data)
            handler.wfile.flush()
        except (OSError, ssl.SSLError):
            handler.close_connection = True

    def _fault_error(self, fault, route, user):
        resource = route.get("resource")
        if fault.status == 403:
            if resource is not None:
                scope = f'in the namespace "{route["namespace"]}"' if route.get("namespace") \
                    else "at the cluster scope"
                verb = "get" if route.get("name") else "list"
                message = fault.message or (
                    f'{resource.plural} is forbidden: User "{user}" cannot {verb} resource '
                    f'"{resource.plural}" in API group "{resource.group}" {scope}')
                return ApiError(403, "Forbidden", message,
                                {"group": resource.group, "kind": resource.plural})
            return ApiError(403, "Forbidden", fault.message or f'forbidden: User "{user}" cannot get path')
        if fault.status == 500:
            return ApiError(500, "InternalError", fault.message or
                            "Internal error occurred: etcdserver: request timed out",
                            {"causes": [{"message": "etcdserver: request timed out"}]})
        if fault.status == 429:
            return ApiError(429, "TooManyRequests", fault.message or "the server is handling too many requests",
                            {"retryAfterSeconds": 1})
        if fault.status == 401:
            return ApiError(401, "Unauthorized", "Unauthorized")
        return ApiError(fault.status, "InternalError", fault.message or f"injected status {fault.status}")

    def _route(self, path):
        """Parses a path: {"type": ..., "resource", "namespace", "name", ...};
        raises 404 for paths no API server has."""
        parts = [p for p in path.split("/") if p]
        if path in ("/version", "/api", "/apis", "/healthz", "/livez", "/readyz"):
            return {"type": path[1:]}
        if parts[:1] == ["api"] and len(parts) >= 2:
            group, version, rest = "", parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 2:
            if len(parts) == 2:
                return {"type": "group", "group": parts[1]}
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise _not_found(path)
        served = [r for r in self.served_resources() if r.group == group and r.version == version]
        if not served:
            raise _not_found(path)
        if not rest:
            return {"type": "resources", "group": group, "version": version, "served": served}
        namespace = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        by_name = {r.plural: r for r in served}
        resource = by_name.get(rest[0])
        if resource is None or len(rest) > 2 or (namespace and not resource.namespaced):
            raise _not_found(path)
        return {"type": "objects", "resource": resource, "namespace": namespace,
                "name": rest[1] if len(rest) == 2 else None}

    def _respond(self, route, query, accept, full_objects):
        kind = route["type"]
        if kind == "version":
            return self.version
        if kind in ("healthz", "livez", "readyz"):
            return "ok"
        if kind == "api":
            return {"kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                    "serverAddress": f"{common.LOOPBACK}:{self.port}"}]}
        if kind == "apis":
            return {"kind": "APIGroupList", "apiVersion": "v1", "groups": self._groups()}
        if kind == "group":
            for group in self._groups():
                if group["name"] == route["group"]:
                    return {"kind": "APIGroup", "apiVersion": "v1", **group}
            raise _not_found(None)
        if kind == "resources":
            return {"kind": "APIResourceList", "apiVersion": "v1",
                    "groupVersion": f"{route['group']}/{route['version']}" if route["group"] else route["version"],
                    "resources": [r.discovery() for r in sorted(route["served"], key=lambda r: r.plural)]}
        return self._objects(route, query, accept, full_objects)

    def _groups(self):
        groups = {}
        for resource in self.served_resources():
            if resource.group:
                groups.setdefault(resource.group, set()).add(resource.version)
        listed = []
        for name, versions in groups.items():
            entries = [{"groupVersion": f"{name}/{v}", "version": v} for v in sorted(versions)]
            listed.append({"name": name, "versions": entries, "preferredVersion": entries[-1]})
        return listed

    def _objects(self, route, query, accept, full_objects):
        resource, namespace, name = route["resource"], route["namespace"], route["name"]
        negotiated = negotiate(accept)
        if negotiated is None:
            raise ApiError(406, "NotAcceptable",
                           f"only the following media types are accepted: application/json, "
                           f"application/json;as=Table;v=v1;g=meta.k8s.io, "
                           f"application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io")
        form, meta_version = negotiated
        if query.get("watch") in ("true", "1"):
            raise ApiError(405, "MethodNotAllowed", "watch is not supported by this replay")
        items = [o for o in resource.objects if namespace is None or o["metadata"].get("namespace") == namespace]
        rv = str(self._resource_version)
        if name is not None:
            found = [o for o in items if o["metadata"]["name"] == name]
            if not found:
                raise ApiError(404, "NotFound", f'{resource.plural}{"." + resource.group if resource.group else ""}'
                               f' "{name}" not found',
                               {"name": name, "group": resource.group, "kind": resource.plural})
            obj = found[0]
            if form == "table":
                return self._table(resource, [obj], {"resourceVersion": rv}, meta_version,
                                   query.get("includeObject", "Metadata"))
            if form == "partial" and not full_objects:
                return self._partial(obj, meta_version)
            return obj
        try:
            if query.get("labelSelector"):
                selector = parse_label_selector(query["labelSelector"])
                items = [o for o in items if selector(o["metadata"].get("labels"))]
            if query.get("fieldSelector"):
                fields = parse_field_selector(query["fieldSelector"])
                items = [o for o in items if fields(o["metadata"])]
        except ValueError as e:
            raise ApiError(400, "BadRequest", str(e))
        list_key = f"{resource.api_version}/{resource.plural}/{namespace or ''}/" \
                   f"{query.get('labelSelector', '')}/{query.get('fieldSelector', '')}"
        start = 0
        if query.get("continue"):
            start = self._decode_continue(query["continue"], list_key, rv)
        metadata = {"resourceVersion": rv}
        limit = query.get("limit")
        page = items[start:]
        if limit not in (None, "", "0"):
            try:
                limit = int(limit)
            except ValueError:
                raise ApiError(400, "BadRequest", f"invalid limit {limit!r}")
            if limit > 0 and len(page) > limit:
                page = page[:limit]
                metadata["continue"] = self._encode_continue(list_key, rv, start + limit)
                metadata["remainingItemCount"] = len(items) - start - limit
        if form == "table":
            return self._table(resource, page, metadata, meta_version, query.get("includeObject", "Metadata"))
        if form == "partial":
            return {"kind": "PartialObjectMetadataList", "apiVersion": f"meta.k8s.io/{meta_version}",
                    "metadata": metadata,
                    "items": [self._list_item(resource, o) if full_objects else self._partial(o, meta_version)
                              for o in page]}
        return {"kind": f"{resource.kind}List", "apiVersion": resource.api_version, "metadata": metadata,
                "items": [self._list_item(resource, o) for o in page]}

    @staticmethod
    def _list_item(resource, obj):
        if resource.custom:
            return obj
        return {k: v for k, v in obj.items() if k not in ("apiVersion", "kind")}

    @staticmethod
    def _partial(obj, meta_version="v1"):
        return {"kind": "PartialObjectMetadata", "apiVersion": f"meta.k8s.io/{meta_version}",
                "metadata": obj["metadata"]}

    @staticmethod
    def _encode_continue(list_key, rv, offset):
        raw = json.dumps({"v": "meta.k8s.io/v1", "rv": int(rv), "start": offset,
                          "key": hashlib.sha256(list_key.encode()).hexdigest()[:16]})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @staticmethod
    def _decode_continue(token, list_key, rv):
        try:
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            offset, key, token_rv = int(raw["start"]), raw["key"], str(raw["rv"])
        except (ValueError, KeyError, TypeError):
            raise ApiError(400, "BadRequest", "continue key is not valid: illegal base64 data")
        if key != hashlib.sha256(list_key.encode()).hexdigest()[:16]:
            raise ApiError(400, "BadRequest", "continue key is not valid: key does not match this list")
        if token_rv != rv:
            raise ApiError(410, "Expired", "The provided continue parameter is too old to display a "
                           "consistent list result. You can start a new list without the continue parameter.")
        return offset

    # -- Table ------------------------------------------------------------

    def _table(self, resource, objects, metadata, meta_version, include_object):
        columns, cells = self._columns(resource)
        now = time.time()
        rows = []
        for obj in objects:
            row = {"cells": cells(obj, now)}
            if include_object == "Object":
                row["object"] = obj
            elif include_object != "None":
                row["object"] = self._partial(obj, meta_version)
            rows.append(row)
        return {"kind": "Table", "apiVersion": f"meta.k8s.io/{meta_version}", "metadata": metadata,
                "columnDefinitions": [{"name": n, "type": t, "format": f, "description": d, "priority": p}
                                      for n, t, f, d, p in columns],
                "rows": rows}

    @staticmethod
    def _columns(resource):
        name_column = ("Name", "string", "name",
                       "Name must be unique within a namespace. Is required when creating resources.", 0)

        def age(obj, now):
            created = _parse_timestamp(obj["metadata"].get("creationTimestamp"))
            return human_age(now - created) if created else "<unknown>"

        def status(obj):
            return obj.get("status") or {}

        def spec(obj):
            return obj.get("spec") or {}

        if resource.kind == "Pod":
            def pod(obj, now):
                st = status(obj)
                containers = st.get("containerStatuses") or []
                total = len(spec(obj).get("containers") or containers)
                ready = sum(1 for c in containers if c.get("ready"))
                phase = st.get("reason") or st.get("phase") or "Pending"
                for c in containers:
                    waiting = (c.get("state") or {}).get("waiting")
                    if waiting and waiting.get("reason"):
                        phase = waiting["reason"]
                restarts = sum(int(c.get("restartCount", 0)) for c in containers)
                return [obj["metadata"]["name"], f"{ready}/{total}", phase, str(restarts), age(obj, now),
                        st.get("podIP", "<none>"), spec(obj).get("nodeName", "<none>"), "<none>", "<none>"]
            return [name_column,
                    ("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0),
                    ("Status", "string", "", "The aggregate status of the containers in this pod.", 0),
                    ("Restarts", "string", "", "The number of times the containers in this pod have been "
                     "restarted and when the last container in this pod has restarted.", 0),
                    ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time "
                     "when this object was created.", 0),
                    ("IP", "string", "", "IP address allocated to the pod.", 1),
                    ("Node", "string", "", "Name of the node this pod is running on.", 1),
                    ("Nominated Node", "string", "", "Name of the node this pod is nominated to run on.", 1),
                    ("Readiness Gates", "string", "", "Readiness gates of this pod.", 1)], pod
        if resource.kind in ("Deployment", "StatefulSet"):
            deployment = resource.kind == "Deployment"

            def workload(obj, now):
                st, sp = status(obj), spec(obj)
                template = ((sp.get("template") or {}).get("spec") or {}).get("containers") or []
                selector = ",".join(f"{k}={v}" for k, v in
                                    ((sp.get("selector") or {}).get("matchLabels") or {}).items())
                cells = [obj["metadata"]["name"], f"{st.get('readyReplicas', 0)}/{sp.get('replicas', 1)}"]
                if deployment:
                    cells += [int(st.get("updatedReplicas", 0)), int(st.get("availableReplicas", 0))]
                cells += [age(obj, now), ",".join(c.get("name", "") for c in template),
                          ",".join(c.get("image", "") for c in template)]
                return cells + [selector or "<none>"] if deployment else cells
            columns = [name_column, ("Ready", "string", "", "Number of the pod with ready state", 0)]
            if deployment:
                columns += [("Up-to-date", "integer", "", "Total number of non-terminated pods targeted "
                             "by this deployment that have the desired template spec.", 0),
                            ("Available", "integer", "", "Total number of available pods (ready for at "
                             "least minReadySeconds) targeted by this deployment.", 0)]
            columns += [("Age", "string", "", "CreationTimestamp is a timestamp representing the server "
                         "time when this object was created.", 0),
                        ("Containers", "string", "", "Names of each container in the template.", 1),
                        ("Images", "string", "", "Images referenced by each container in the template.", 1)]
            if deployment:
                columns.append(("Selector", "string", "", "Label selector for pods.", 1))
            return columns, workload
        if resource.kind == "Namespace":
            return [name_column, ("Status", "string", "", "The status of the namespace", 0),
                    ("Age", "string", "", "Age", 0)], \
                lambda obj, now: [obj["metadata"]["name"], status(obj).get("phase", "Active"), age(obj, now)]
        if resource.kind == "Node":
            def node(obj, now):
                ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                            for c in status(obj).get("conditions") or [])
                roles = sorted(k.split("/", 1)[1] for k in obj["metadata"].get("labels") or {}
                               if k.startswith("node-role.kubernetes.io/"))
                return [obj["metadata"]["name"], "Ready" if ready else "NotReady", ",".join(roles) or "<none>",
                        age(obj, now), (status(obj).get("nodeInfo") or {}).get("kubeletVersion", "")]
            return [name_column, ("Status", "string", "", "The status of the node", 0),
                    ("Roles", "string", "", "The roles of the node", 0), ("Age", "string", "", "Age", 0),
                    ("Version", "string", "", "Kubelet Version reported by the node.", 0)], node
        if resource.kind == "Service":
            def service(obj, now):
                sp = spec(obj)
                ports = ",".join(f"{p.get('port')}/{p.get('protocol', 'TCP')}" for p in sp.get("ports") or [])
                return [obj["metadata"]["name"], sp.get("type", "ClusterIP"), sp.get("clusterIP", "<none>"),
                        "<none>", ports or "<none>", age(obj, now)]
            return [name_column, ("Type", "string", "", "Type of the service", 0),
                    ("Cluster-IP", "string", "", "The cluster IP", 0),
                    ("External-IP", "string", "", "External IPs", 0),
                    ("Port(s)", "string", "", "Ports", 0), ("Age", "string", "", "Age", 0)], service
        return [name_column,
                ("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time "
                 "when this object was created.", 0)], \
            lambda obj, now: [obj["metadata"]["name"], obj["metadata"].get("creationTimestamp")]


# ---------------------------------------------------------------------------
# Kubeconfig


def write_kubeconfig(path, server_url, ca_file=None, user=None, context="replay", namespace=None,
                     embed_ca=False, server_name=None):
    """Writes a kubeconfig (JSON, which is YAML) for one cluster/user/context.
    user: {"token": ...}, {"exec": {...}}, {"client-certificate": ..., "client-key": ...}."""
    cluster = {"server": server_url}
    if ca_file and embed_ca:
        with open(ca_file, "rb") as f:
            cluster["certificate-authority-data"] = base64.b64encode(f.read()).decode()
    elif ca_file:
        cluster["certificate-authority"] = os.path.abspath(ca_file)
    if server_name:
        cluster["tls-server-name"] = server_name
    ctx = {"cluster": "replay", "user": "golive"}
    if namespace:
        ctx["namespace"] = namespace
    config = {"apiVersion": "v1", "kind": "Config", "preferences": {},
              "clusters": [{"name": "replay", "cluster": cluster}],
              "users": [{"name": "golive", "user": dict(user or {})}],
              "contexts": [{"name": context, "context": ctx}],
              "current-context": context}
    with open(path, "w") as f:
        json.dump(config, f, indent=2)
    os.chmod(path, 0o600)
    return path


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description="Replays Kubernetes objects over HTTPS on loopback.")
    parser.add_argument("paths", nargs="*", help="YAML/JSON files or directories of objects")
    parser.add_argument("--polaris", action="store_true", help="add Polaris's check fixtures")
    parser.add_argument("--synthetic", type=int, default=0, help="add N synthetic objects")
    parser.add_argument("--token", default="golive-replay-token")
    parser.add_argument("--kubeconfig", help="write a kubeconfig for the server here")
    parser.add_argument("--log", help="append the request log (JSON lines) here")
    args = parser.parse_args(argv)
    objects = load_objects(*args.paths) if args.paths else []
    if args.polaris:
        objects += polaris_objects()
    if args.synthetic:
        objects += synthetic_objects(args.synthetic)
    with KubeAPIServer(objects, token=args.token, log_path=args.log) as api:
        if args.kubeconfig:
            write_kubeconfig(args.kubeconfig, api.url, api.ca.cert, {"token": args.token})
        print(f"serving {sum(api.counts().values())} objects at {api.url} (CA {api.ca.cert})", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
