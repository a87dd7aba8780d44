#!/usr/bin/python3
"""make_hostile.py RESULT.json OUT.json

Writes a copy of a golive result whose environment, resource names, messages
and evidence carry hostile strings (HTML/script injection, CDATA end, control
characters, table pipes, backticks, javascript: links, @mentions), and one of
whose rules lacks `file`/`line` (a result from before they existed), so that
the CI report tests render what an attacker-controlled environment could put
into a result.
"""
import json
import sys

HOSTILE = ('<script>alert(1)</script>"><img src=x onerror=alert(2)>]]>\x1b[31m\x01|`x`'
           '[x](javascript:alert(3)) @octo-org/admins')


def main():
    src, dst = sys.argv[1:]
    result = json.load(open(src, encoding="utf-8"))
    result["environment"] += " " + HOSTILE
    changed = 0
    for f in result["findings"]:
        if f["status"] in ("fail", "unknown") and changed < 3:
            f["resource"] = f"{HOSTILE} #{changed}"
            f["message"] = HOSTILE + "\nsecond line"
            f["evidence"][HOSTILE] = HOSTILE
            changed += 1
    for c in result.get("blockers", []) + result.get("conditions", []):
        c["message"] = HOSTILE
    for w in result.get("waivers", []):
        w["reason"] = HOSTILE
    for r in list(result.get("rules", {}).values())[:5]:
        r.pop("file", None)
        r.pop("line", None)
    json.dump(result, open(dst, "w", encoding="utf-8"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
