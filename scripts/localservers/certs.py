"""A throw-away certificate authority for TLS tests, made with the openssl CLI.

    ca = CertificateAuthority(directory)               # ca.pem / ca.key
    server = ca.issue("redis.test", sans=["redis.test", "127.0.0.1"])
    client = ca.issue("golive", client=True)
    server.cert, server.key                            # PEM file paths

Keys are EC P-256 (fast to make); certificates are valid from an hour ago for
a few days. Nothing depends on the system's openssl.cnf.
"""

import ipaddress
import os
import subprocess
from dataclasses import dataclass

_CONFIG = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = {cn}
"""


@dataclass
class Certificate:
    cert: str  # PEM certificate path
    key: str  # PEM private key path (not encrypted)
    name: str


def _openssl(*args, cwd=None):
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _san(names):
    entries = []
    for name in names:
        try:
            ipaddress.ip_address(name)
            entries.append(f"IP:{name}")
        except ValueError:
            entries.append(f"DNS:{name}")
    return ",".join(entries)


class CertificateAuthority:
    def __init__(self, directory, name="golive test CA", days=3):
        self.directory = directory
        self.name = name
        self.days = days
        os.makedirs(directory, exist_ok=True)
        stem = name.replace(" ", "-")
        self.key = os.path.join(directory, f"{stem}.key")
        self.cert = os.path.join(directory, f"{stem}.pem")
        self._serial = 1
        self._new_key(self.key)
        config = self._config(name)
        _openssl("req", "-new", "-x509", "-config", config, "-key", self.key, "-out", self.cert,
                 "-days", str(days), "-sha256",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                 "-addext", "subjectKeyIdentifier=hash")

    def issue(self, name, sans=None, client=False, server=True, days=None):
        """A certificate for `name` signed by this CA. sans: DNS names and IP
        addresses (default: name, localhost, 127.0.0.1)."""
        sans = list(sans) if sans is not None else [name, "localhost", "127.0.0.1"]
        stem = os.path.join(self.directory, name.replace(" ", "-").replace("/", "_"))
        key, csr, cert, ext = stem + ".key", stem + ".csr", stem + ".pem", stem + ".ext"
        self._new_key(key)
        _openssl("req", "-new", "-config", self._config(name), "-key", key, "-out", csr)
        usages = [u for u, wanted in (("serverAuth", server), ("clientAuth", client)) if wanted]
        lines = ["basicConstraints=critical,CA:FALSE",
                 "keyUsage=critical,digitalSignature,keyEncipherment",
                 f"extendedKeyUsage={','.join(usages)}",
                 "authorityKeyIdentifier=keyid"]
        if sans:
            lines.append(f"subjectAltName={_san(sans)}")
        with open(ext, "w") as f:
            f.write("\n".join(lines) + "\n")
        self._serial += 1
        _openssl("x509", "-req", "-in", csr, "-CA", self.cert, "-CAkey", self.key,
                 "-set_serial", str(self._serial), "-days", str(days or self.days),
                 "-sha256", "-extfile", ext, "-out", cert)
        return Certificate(cert=cert, key=key, name=name)

    def _new_key(self, path):
        _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                 "-out", path)
        os.chmod(path, 0o600)

    def _config(self, cn):
        path = os.path.join(self.directory, "openssl-req.cnf")
        with open(path, "w") as f:
            f.write(_CONFIG.format(cn=cn))
        return path


def make_ca(directory, name="golive test CA"):
    return CertificateAuthority(directory, name)
