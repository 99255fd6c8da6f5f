"""Compare a new catalogue fingerprint or report with a baseline, ignoring exactly one new
property (issue 13 added ``convexity``): its claim is dropped from each activation's prove
JSON (and must be there), its rows and proof items from the report; the rest must be equal.

usage: python benchmarks/compare_without_property.py fp NEW.json BASE.json [PROPERTY]
       python benchmarks/compare_without_property.py tex NEW.tex BASE.tex [PROPERTY]
(fingerprints as written by the issue's fingerprint.py: {name: {derive, prove, gradient}})"""
import json, re, sys

def fp(new, base, prop="convexity"):
    a, b = json.load(open(new)), json.load(open(base))
    bad = 0
    assert sorted(a) == sorted(b), "different activations"
    for name in a:
        for part in ("derive", "gradient"):
            if a[name][part] != b[name][part]:
                print("DIFF", name, part); bad += 1
        pa, pb = dict(a[name]["prove"]), dict(b[name]["prove"])
        ca = pa.pop("claims"); cb = pb.pop("claims")
        pa.pop("seconds", None); pb.pop("seconds", None)
        conv = [c for c in ca if c["property"] == prop]
        if len(conv) != 1:
            print("MISSING", prop, name); bad += 1
        ca = [c for c in ca if c["property"] != prop]
        if ca != cb or pa != pb:
            print("DIFF", name, "prove"); bad += 1
    statuses = {}
    for name in a:
        for c in a[name]["prove"]["claims"]:
            if c["property"] == prop:
                statuses[(c["status"], str(c["value"]))] = statuses.get((c["status"], str(c["value"])), 0) + 1
    print(prop, "verdicts:", dict(sorted(statuses.items())))
    print("fingerprint:", f"identical apart from {prop}" if not bad else f"{bad} differences")
    return bad

def tex(new, base, prop="convexity"):
    a, b = open(new).read(), open(base).read()
    # drop the convexity row of each property table and the convexity item of each proof listing
    a2 = re.sub(rf"^{re.escape(prop)} & .*\\\\\n", "", a, flags=re.M)
    a2 = re.sub(rf"^\\item {re.escape(prop)}[ :].*\n", "", a2, flags=re.M)
    rows = len(re.findall(rf"^{re.escape(prop)} & ", a, flags=re.M))
    print(prop, "rows:", rows, "items:", len(re.findall(rf"^\\item {re.escape(prop)}[ :]", a, flags=re.M)))
    if a2 == b:
        print(f"report: identical apart from {prop}"); return 0
    import difflib
    d = list(difflib.unified_diff(b.splitlines(), a2.splitlines(), lineterm="", n=1))
    print("\n".join(d[:60])); print("report: DIFFERENT"); return 1

if __name__ == "__main__":
    mode, new, base = sys.argv[1:4]
    prop = sys.argv[4] if len(sys.argv) > 4 else "convexity"
    sys.exit(1 if (fp(new, base, prop) if mode == "fp" else tex(new, base, prop)) else 0)
