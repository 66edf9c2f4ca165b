#!/usr/bin/env python3
"""The table of Benchmarks/bootstrap.sh and Benchmarks/pairing.sh: per config (distinct,
repeated) and build, the median wall time and peak RSS of the rounds (GNU time files
LOGS/BUILD-CONFIG-ROUND.time) and the drop intervals of ROC AUC and log loss the build
reported (LOGS/BUILD-CONFIG.json).

    bootstrap_summary.py LOGS ROUNDS [--against-files] BUILD…

--against-files (pairing.sh): the reports are of tables on a server; each build's
intervals must be its own on the files (LOGS/BUILD-CONFIG-file.json) to 1e-12 relative
(exit 1 otherwise), and a column says how the baseline was paired.
"""
import json
import statistics
import sys

logs, rounds, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
against_files = "--against-files" in rest
builds = [build for build in rest if build != "--against-files"]


def checks(name):
    return {c["name"]: c for c in json.load(open(f"{logs}/{name}.json"))["gates"][0]["checks"]}


def interval(name, found):
    values = {m["name"]: m["value"] for m in found[name]["measurements"]}
    return values["drop_ci_low"], values["drop_ci_high"]


paired = "| baseline " if against_files else ""
print(f"| build | rows | wall time (s) | peak RSS (MB) {paired}| roc_auc drop 95% CI | log_loss drop 95% CI |")
print("| --- | --- | ---: | ---: | " + ("--- | " if against_files else "") + "--- | --- |")
for config, what in (("distinct", "every paired row distinct"), ("repeated", "scores with two decimals")):
    for build in builds:
        # GNU time's last line ("Command exited with …" comes first when a gate fails).
        runs = [open(f"{logs}/{build}-{config}-{r}.time").read().split("\n")[-2].split() for r in range(1, rounds + 1)]
        seconds = statistics.median(float(run[0]) for run in runs)
        megabytes = statistics.median(int(run[1]) for run in runs) / 1024
        found = checks(f"{build}-{config}")
        column = ""
        if against_files:
            files = checks(f"{build}-{config}-file")
            for metric in ("roc_auc", "log_loss"):
                for a, b in zip(interval(metric, found), interval(metric, files)):
                    if abs(a - b) > 1e-12 * max(abs(a), abs(b)):
                        sys.exit(f"{build}, {config}: {metric}'s interval on the server {interval(metric, found)} "
                                 f"is not the file's {interval(metric, files)}")
            message = found["baseline"]["message"]
            if "(joined by the server, read in each model's score order)" in message:
                read = "joined by the server, read in score order"
            elif "(joined by the server)" in message:
                read = "joined by the server, distinct rows held"
            else:
                read = "rows read, paired by mlgate"
            column = f" {read} |"
        auc, loss = interval("roc_auc", found), interval("log_loss", found)
        print(f"| {build} | {what} | {seconds:.2f} | {megabytes:.0f} |{column} "
              f"{auc[0]:.4f} … {auc[1]:.4f} | {loss[0]:.4f} … {loss[1]:.4f} |")
