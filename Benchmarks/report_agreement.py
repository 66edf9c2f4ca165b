"""Whether two mlgate JSON reports give the same numbers (the Spark benchmark, spark.sh).

    python report_agreement.py TABLE.json FILE.json

The two reports come from the same gates over the same rows read two ways (a Spark
table, and the same rows as a CSV file). Every check of one is in the other, with the
same outcome; every measurement is the same: counts (integers) exactly, other numbers
to 1e-12 relative. Messages and durations are not compared (they name the inputs and
the time taken). Prints one line saying what was compared; exit 1 on any difference,
each printed.
"""
import json
import sys

RELATIVE = 1e-12


def checks(path):
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    found = {}
    for gate in report["gates"]:
        for check in gate["checks"]:
            found[(gate["name"], check["name"])] = check
    return found


def same(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if a == b:
        return True
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b))


def main():
    table, file = checks(sys.argv[1]), checks(sys.argv[2])
    problems = []
    for key in sorted(set(table) | set(file)):
        if key not in table or key not in file:
            problems.append(f"{key}: only in {'the file' if key in file else 'the table'}'s report")
            continue
        a, b = table[key], file[key]
        if a["outcome"] != b["outcome"]:
            problems.append(f"{key}: {a['outcome']} on the table, {b['outcome']} on the file")
        ma = {m["name"]: m["value"] for m in a.get("measurements", [])}
        mb = {m["name"]: m["value"] for m in b.get("measurements", [])}
        if set(ma) != set(mb):
            problems.append(f"{key}: measurements {sorted(ma)} on the table, {sorted(mb)} on the file")
        for name in set(ma) & set(mb):
            if not same(ma[name], mb[name]):
                problems.append(f"{key} {name}: {ma[name]!r} on the table, {mb[name]!r} on the file")
    measured = sum(len(c.get("measurements", [])) for c in table.values())
    for problem in problems:
        print(problem)
    verdict = "the same" if not problems else f"{len(problems)} differences"
    print(f"{len(table)} checks and {measured} measurements compared (counts exactly, other numbers to 1e-12 relative): {verdict}")
    sys.exit(1 if problems else 0)


main()
