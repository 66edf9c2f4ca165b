#!/usr/bin/env python3
"""Writes golden.json: reference drift statistics for the fixture CSV pairs in this folder.

Run from the repository root (re-runnable, deterministic):

    .build/drift-venv/bin/python Tests/MLGateTests/Fixtures/drift/make_golden.py

Reads   {tiny,small,large}_{reference,current}.csv  (missing value = empty cell)
Writes  golden.json

Every statistic is computed twice where possible: once from the formulas documented in
README.md (numpy / scipy calls only), and once by calling Evidently's own registered stat
tests; the script aborts if the two disagree by more than 1e-12 (relative). Finally the
Evidently Report with DataDriftPreset (default settings) is run on each pair and its own
per-column choice, score and drift flag are stored.

JSON conventions: floats are Python repr (shortest round-trip). Non-finite floats are
written as the strings "Infinity", "-Infinity", "NaN" (Swift: JSONDecoder
.nonConformingFloatDecodingStrategy = .convertFromString(...)).
"""
import os
import sys

# Evidently builds category lists from Python sets; with string hash randomisation their
# order (and so the last bit of a sum) changes between runs. Pin the hash seed.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import csv
import json
import math
import platform
import re
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import scipy
from scipy import special, stats
from scipy.spatial import distance

import evidently
from evidently import Report
from evidently.core.datasets import infer_column_type
from evidently.legacy.calculations.stattests import (
    chi_stat_test,
    jensenshannon_stat_test,
    ks_stat_test,
    psi_stat_test,
    wasserstein_stat_test,
    z_stat_test,
)
from evidently.legacy.calculations.stattests.registry import _get_default_stattest
from evidently.legacy.core import ColumnType
from evidently.presets import DataDriftPreset
from scipy.stats._stats_py import _attempt_exact_2kssamp

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = ["tiny", "small", "large"]
NUMERIC_COLUMNS = {"income", "age", "tenure", "balance", "rating", "has_card"}
# columns that also get the categorical statistics (values compared as CSV text)
CATEGORICAL_COLUMNS = {"region", "has_card", "tenure", "rating"}
QUANTILE_BINS = 10
REL_TOL = 1e-12

STATTESTS = {
    "ks": ks_stat_test,
    "chisquare": chi_stat_test,
    "z": z_stat_test,
    "wasserstein": wasserstein_stat_test,
    "jensenshannon": jensenshannon_stat_test,
    "psi": psi_stat_test,
}
DISPLAY_TO_NAME = {t.display_name: name for name, t in STATTESTS.items()}
DRIFT_RULE = {
    "ks": "pvalue <= threshold",
    "chisquare": "pvalue < threshold",
    "z": "pvalue < threshold",
    "wasserstein": "value >= threshold",
    "jensenshannon": "value >= threshold",
    "psi": "value >= threshold",
}


# ----------------------------------------------------------------------------- helpers
def F(x):
    """float -> JSON-safe value (repr floats; non-finite as strings)."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def FL(xs):
    return [F(x) for x in xs]


def check(label, mine, theirs):
    a, b = float(mine), float(theirs)
    if math.isnan(a) and math.isnan(b):
        return
    if math.isinf(a) or math.isinf(b):
        if a != b:
            raise SystemExit(f"MISMATCH {label}: {a!r} vs evidently {b!r}")
        return
    if abs(a - b) > REL_TOL * max(1.0, abs(a), abs(b)):
        raise SystemExit(f"MISMATCH {label}: {a!r} vs evidently {b!r}")


def read_text_columns(path):
    """CSV as text: {column: [cell or None]} ; empty cell = missing."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return {c: [(r[i] if r[i] != "" else None) for r in body] for i, c in enumerate(header)}, len(body)


# ----------------------------------------------------------------------------- Evidently binning
def smooth_zeros(p):
    """Evidently get_binned_data(feel_zeroes=True): zeros -> 1e-4, or min_nonzero/1e6 if min_nonzero <= 1e-4."""
    p = p.copy()
    nz = p[p != 0]
    fill = nz.min() / 10**6 if nz.min() <= 0.0001 else 0.0001
    p[p == 0] = fill
    return p


def evidently_bins(ref, cur, numerical):
    """Replicates evidently.legacy.calculations.stattests.utils.get_binned_data (without smoothing).

    ref, cur: numpy arrays (NaN already dropped). Returns (ref_percents, cur_percents, info)."""
    n_vals = len(np.unique(ref))
    if numerical and n_vals > 20:
        combined = np.concatenate([ref, cur])
        edges = np.histogram_bin_edges(combined, bins="sturges")
        rc = np.histogram(ref, edges)[0]
        cc = np.histogram(cur, edges)[0]
        info = {"mode": "sturges_on_combined", "n_bins": len(edges) - 1, "edges": FL(edges),
                "ref_counts": rc.tolist(), "cur_counts": cc.tolist()}
        return rc / len(ref), cc / len(cur), info
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    rcnt, ccnt = Counter(ref.tolist()), Counter(cur.tolist())
    rc = np.array([rcnt.get(k, 0) for k in keys])
    cc = np.array([ccnt.get(k, 0) for k in keys])
    info = {"mode": "distinct_values", "n_bins": len(keys), "ref_counts": rc.tolist(), "cur_counts": cc.tolist()}
    if numerical:
        info["values"] = FL(keys)
    else:
        info["values"] = keys
    return rc / len(ref), cc / len(cur), info


def psi_from(rp, cp):
    rp, cp = smooth_zeros(rp), smooth_zeros(cp)
    return float(np.sum((rp - cp) * np.log(rp / cp)))


def js_from(rp, cp):
    return float(distance.jensenshannon(rp, cp))  # natural log, sqrt(JS divergence)


def quantile_bins(ref, cur, n_bins):
    """Reference-quantile binning (mlgate's `psi` with bins: N; not Evidently's)."""
    probs = np.arange(1, n_bins) / n_bins
    raw_edges = np.quantile(ref, probs)  # method="linear" (Hyndman-Fan 7)
    edges = np.unique(raw_edges)
    # right-closed bins: (-inf, e0], (e0, e1], ..., (e_last, +inf)
    rc = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1)
    cc = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1)
    info = {"n_bins_requested": n_bins, "n_bins": len(edges) + 1, "quantile_edges": FL(raw_edges),
            "edges": FL(edges), "ref_counts": rc.tolist(), "cur_counts": cc.tolist()}
    return rc / len(ref), cc / len(cur), info


# ----------------------------------------------------------------------------- KS helpers
def kstwo_sf_branch(n, x):
    """Which branch scipy.stats.kstwo.sf(x, n) takes (scipy/stats/_ksstats.py::_kolmogn, cdf=False)."""
    if x <= 0.5 / n:
        return "support_low:sf=1"
    if x >= 1.0:
        return "support_high:sf=0"
    t = n * x
    if t <= 1.0:
        return "ruben_gambino_low"
    if t >= n - 1:
        return "ruben_gambino_high:2*(1-x)^n"
    if x >= 0.5:
        return "2*smirnov" + ("(n>1e6 approx)" if n > 1000000 else "")
    nx2 = t * x
    if n <= 140:
        if nx2 <= 0.754693:
            return "1-DMTW"
        if nx2 <= 4:
            return "1-Pomeranz"
        return "2*smirnov"
    if nx2 >= 370.0:
        return "zero(nx^2>=370)"
    if nx2 >= 2.2:
        return "2*smirnov" + ("(n>1e6 approx)" if n > 1000000 else "")
    if nx2 >= 18.0:
        return "1-1"
    if n <= 100000 and n * x ** 1.5 <= 1.4:
        return "1-DMTW"
    return "1-PelzGood"


def ks_all(ref, cur):
    n1, n2 = len(ref), len(cur)
    g = math.gcd(n1, n2)
    lcm = (n1 // g) * n2
    out = {}
    for method in ["auto", "exact", "asymp"]:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = stats.ks_2samp(ref, cur, alternative="two-sided", method=method)
        fell_back = any("Switching" in str(x.message) for x in w)
        out[method] = {"statistic": F(r.statistic), "pvalue": F(r.pvalue),
                       "statistic_location": F(r.statistic_location), "statistic_sign": int(r.statistic_sign),
                       "fell_back_to_asymp": bool(fell_back)}
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = m * n / (m + n)
    d_raw = out["asymp"]["statistic"]
    out["auto"]["mode_used"] = ("exact" if max(n1, n2) <= 10000 and not out["auto"]["fell_back_to_asymp"]
                                else "asymp")
    out["exact"]["h"] = int(np.round(d_raw * lcm))
    out["exact"]["lcm"] = lcm
    out["exact"]["gcd"] = g
    out["exact"]["algorithm"] = ("_compute_prob_outside_square" if n1 == n2
                                 else "_compute_outer_prob_inside_method")
    out["asymp"]["en"] = F(en)
    out["asymp"]["n_rounded"] = int(np.round(en))
    out["asymp"]["kstwo_branch"] = kstwo_sf_branch(int(np.round(en)), float(d_raw))
    return out


# ----------------------------------------------------------------------------- per column
def numeric_stats(ref, cur):
    res = {"ks": ks_all(ref, cur)}
    raw = float(stats.wasserstein_distance(ref, cur))
    sd = float(np.std(ref))  # ddof = 0
    res["wasserstein"] = {"raw": F(raw), "ref_std_ddof0": F(sd), "norm_denominator": F(max(sd, 0.001)),
                          "normalized": F(raw / max(sd, 0.001))}
    rp, cp, binfo = evidently_bins(ref, cur, numerical=True)
    res["evidently_binning"] = binfo
    res["psi_evidently"] = F(psi_from(rp, cp))
    res["jensenshannon_evidently"] = F(js_from(rp, cp))
    qrp, qcp, qinfo = quantile_bins(ref, cur, QUANTILE_BINS)
    res["quantile_binning"] = qinfo
    res[f"psi_quantile_{QUANTILE_BINS}"] = F(psi_from(qrp, qcp))
    res[f"jensenshannon_quantile_{QUANTILE_BINS}"] = F(js_from(qrp, qcp))
    return res


def categorical_stats(ref_txt, cur_txt):
    rc, cc = Counter(ref_txt), Counter(cur_txt)
    n_ref, n_cur = len(ref_txt), len(cur_txt)
    keys = sorted(set(rc) | set(cc))
    obs = np.array([cc.get(k, 0) for k in keys], dtype=float)
    exp = np.array([rc.get(k, 0) * (n_cur / n_ref) for k in keys], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cs = stats.chisquare(obs, exp)
        stat_manual = float(np.sum((obs - exp) ** 2 / exp))
    p_manual = float(special.chdtrc(len(keys) - 1, stat_manual))
    check("chisquare statistic", stat_manual, cs.statistic)
    check("chisquare pvalue", p_manual, cs.pvalue)
    rp = np.array([rc.get(k, 0) for k in keys]) / n_ref
    cp = np.array([cc.get(k, 0) for k in keys]) / n_cur
    diffs = np.abs(rp - cp)
    linf = float(diffs.max())
    linf_key = [k for k, d in zip(keys, diffs) if d == linf][-1]  # TFDV: last key (byte order) among ties
    return {
        "categories": keys,
        "ref_counts": {k: rc.get(k, 0) for k in keys},
        "cur_counts": {k: cc.get(k, 0) for k in keys},
        "new_categories": sorted(set(cc) - set(rc)),
        "vanished_categories": sorted(set(rc) - set(cc)),
        "chisquare": {"statistic": F(cs.statistic), "pvalue": F(cs.pvalue), "df": len(keys) - 1},
        "psi_evidently": F(psi_from(rp, cp)),
        "jensenshannon_evidently": F(js_from(rp, cp)),
        "linf": {"value": F(linf), "key": linf_key},
    }


def z_stats(ref_vals, cur_vals):
    """Evidently z_stattest: keys sorted, first key -> 0, other -> 1; two-sided pooled z-test."""
    keys = sorted(set(ref_vals) | set(cur_vals))
    if len(set(ref_vals)) == 1 and len(set(cur_vals)) == 1 and ref_vals[0] == cur_vals[0]:
        return {"first_key": keys[0], "statistic": None, "pvalue": 1.0, "p_ref": None, "p_cur": None}
    n1, n2 = len(ref_vals), len(cur_vals)
    p1 = float(sum(0 if v == keys[0] else 1 for v in ref_vals)) / n1
    p2 = float(sum(0 if v == keys[0] else 1 for v in cur_vals)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    p = 2 * (1 - special.ndtr(abs(z)))
    return {"first_key": keys[0], "statistic": F(z), "pvalue": F(p), "p_ref": F(p1), "p_cur": F(p2)}


def evidently_direct(name, ref_s, cur_s, ctype):
    r = STATTESTS[name](ref_s, cur_s, ctype, None)
    return {"score": F(r.drift_score), "drifted": bool(r.drifted), "threshold": F(r.actual_threshold)}


def run_report(ref_df, cur_df):
    snap = Report([DataDriftPreset()], include_tests=True).run(cur_df, ref_df)
    d = snap.dict()
    cols, share, count = {}, None, None
    for m in d["metrics"]:
        cfg = m["config"]
        if cfg["type"].endswith("ValueDrift"):
            cols[cfg["column"]] = {"stattest_display": cfg["method"], "stattest": DISPLAY_TO_NAME[cfg["method"]],
                                   "threshold": F(cfg["threshold"]), "score": F(m["value"])}
        elif cfg["type"].endswith("DriftedColumnsCount"):
            share, count = m["value"]["share"], m["value"]["count"]
    for t in d["tests"]:
        if t["id"] == "drift":
            col = t["metric_config"]["params"]["column"]
            cols[col]["drifted"] = str(t["status"]).endswith("FAIL")
    return cols, {"drifted_count": int(count), "share_drifted": F(share),
                  "dataset_drift": bool(share >= 0.5), "drift_share": 0.5}


def process_pair(label):
    ref_path = os.path.join(HERE, f"{label}_reference.csv")
    cur_path = os.path.join(HERE, f"{label}_current.csv")
    ref_df, cur_df = pd.read_csv(ref_path), pd.read_csv(cur_path)
    ref_txt, n_rows_ref = read_text_columns(ref_path)
    cur_txt, n_rows_cur = read_text_columns(cur_path)
    report_cols, dataset = run_report(ref_df, cur_df)
    out_cols = {}
    for col in ref_df.columns:
        r_s = ref_df[col].replace([-np.inf, np.inf], np.nan).dropna()
        c_s = cur_df[col].replace([-np.inf, np.inf], np.nan).dropna()
        ctype = infer_column_type(cur_df[col])  # Evidently types columns from the *current* frame
        entry = {
            "n_ref": int(len(r_s)), "n_cur": int(len(c_s)),
            "n_missing_ref": int(n_rows_ref - len(r_s)), "n_missing_cur": int(n_rows_cur - len(c_s)),
            "pandas_dtype_ref": str(ref_df[col].dtype), "pandas_dtype_cur": str(cur_df[col].dtype),
            "n_unique_ref": int(r_s.nunique()), "n_unique_cur": int(c_s.nunique()),
            "n_unique_union": int(pd.concat([r_s, c_s]).nunique()),
        }
        direct = {}
        if col in NUMERIC_COLUMNS:
            ref_a, cur_a = r_s.to_numpy(dtype=float), c_s.to_numpy(dtype=float)
            ns = numeric_stats(ref_a, cur_a)
            entry["numeric"] = ns
            rn, cn = r_s.astype(float), c_s.astype(float)
            for name in ["ks", "wasserstein", "psi", "jensenshannon"]:
                direct[name] = evidently_direct(name, rn, cn, ColumnType.Numerical)
            check(f"{label}.{col}.ks", ns["ks"]["auto"]["pvalue"], direct["ks"]["score"])
            check(f"{label}.{col}.wasserstein", ns["wasserstein"]["normalized"], direct["wasserstein"]["score"])
            check(f"{label}.{col}.psi", ns["psi_evidently"], direct["psi"]["score"])
            check(f"{label}.{col}.js", ns["jensenshannon_evidently"], direct["jensenshannon"]["score"])
            direct = {f"{k}(numerical)": v for k, v in direct.items()}
        if col in CATEGORICAL_COLUMNS:
            rt = [v for v in ref_txt[col] if v is not None]
            ct = [v for v in cur_txt[col] if v is not None]
            cs = categorical_stats(rt, ct)
            entry["categorical"] = cs
            cdir = {}
            for name in ["chisquare", "psi", "jensenshannon"]:
                cdir[name] = evidently_direct(name, r_s, c_s, ColumnType.Categorical)
            check(f"{label}.{col}.chisquare", cs["chisquare"]["pvalue"], cdir["chisquare"]["score"])
            check(f"{label}.{col}.psi(cat)", cs["psi_evidently"], cdir["psi"]["score"])
            check(f"{label}.{col}.js(cat)", cs["jensenshannon_evidently"], cdir["jensenshannon"]["score"])
            direct.update({f"{k}(categorical)": v for k, v in cdir.items()})
        if entry["n_unique_union"] <= 2:
            zs = z_stats(r_s.tolist(), c_s.tolist())
            zs["first_key"] = str(zs["first_key"])
            entry["ztest"] = zs
            zd = evidently_direct("z", r_s, c_s, ColumnType.Categorical)
            check(f"{label}.{col}.z", zs["pvalue"], zd["score"])
            direct["z"] = zd
        # Evidently's automatic choice, computed directly and from the Report
        auto = _get_default_stattest(r_s, c_s, ctype)
        auto_name = DISPLAY_TO_NAME[auto.display_name]
        rep = report_cols[col]
        if rep["stattest"] != auto_name:
            raise SystemExit(f"{label}.{col}: report chose {rep['stattest']} but registry says {auto_name}")
        auto_direct = STATTESTS[auto_name](r_s, c_s, ctype, None)
        check(f"{label}.{col}.report-score", rep["score"], auto_direct.drift_score)
        if bool(auto_direct.drifted) != rep["drifted"]:
            raise SystemExit(f"{label}.{col}: drifted flag mismatch")
        entry["evidently_direct"] = direct
        entry["evidently"] = {
            "column_type": ctype.value,
            "stattest": rep["stattest"],
            "stattest_display": rep["stattest_display"],
            "threshold": rep["threshold"],
            "drift_rule": DRIFT_RULE[rep["stattest"]],
            "score": rep["score"],
            "drifted": rep["drifted"],
        }
        out_cols[col] = entry
    n_drifted = sum(1 for c in out_cols.values() if c["evidently"]["drifted"])
    if n_drifted != dataset["drifted_count"]:
        raise SystemExit(f"{label}: DriftedColumnsCount {dataset['drifted_count']} != per-column {n_drifted}")
    return {
        "reference": os.path.basename(ref_path), "current": os.path.basename(cur_path),
        "n_rows_ref": n_rows_ref, "n_rows_cur": n_rows_cur,
        "columns": out_cols,
        "evidently_dataset": dataset,
    }


# ----------------------------------------------------------------------------- KS unit cases
def kstwo_cases():
    """scipy.stats.kstwo.sf(x, n): the two-sided asymptotic path of ks_2samp (n = round(n1*n2/(n1+n2)))."""
    cases = []
    for n in [3, 10, 50, 140, 141, 1000, 5000, 100000, 100001, 500000, 2000000]:
        xs = [0.4 / n, 0.8 / n, 1 - 0.5 / n, 0.6]
        xs += [math.sqrt(v / n) for v in [0.05, 0.3, 0.7, 1.5, 3.0, 10.0, 50.0, 400.0]]
        seen = set()
        for x in xs:
            if not (0 < x < 1) or x in seen:
                continue
            seen.add(x)
            cases.append({"n": n, "x": F(x), "sf": F(stats.kstwo.sf(x, n)), "branch": kstwo_sf_branch(n, x)})
    return cases


def ks_exact_cases():
    """scipy's exact two-sided two-sample p-value P(D >= h/lcm) for (n1, n2, h)."""
    cases = []
    for n1, n2 in [(8, 7), (5, 5), (10, 10), (300, 250), (1000, 1000), (3000, 2500), (50, 5000), (10000, 9999)]:
        g = math.gcd(n1, n2)
        lcm = (n1 // g) * n2
        for frac in [0.0, 0.02, 0.05, 0.1, 0.2, 0.5, 0.9, 1.0]:
            h = int(round(frac * lcm))
            d = h / lcm
            ok, d2, p = _attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
            cases.append({"n1": n1, "n2": n2, "h": h, "lcm": lcm, "d": F(d), "success": bool(ok),
                          "pvalue": F(p) if ok else None})
    return cases


def compact_arrays(text):
    """Puts arrays of scalars on one line (keeps golden.json small but diffable)."""
    pattern = re.compile(r"\[\s*([^\[\]{}]*?)\s*\]", re.S)
    return pattern.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",\n")) + "]"
                       if m.group(1).strip() else "[]", text)


def main():
    warnings.simplefilter("ignore")
    golden = {
        "generator": "Tests/MLGateTests/Fixtures/drift/make_golden.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "pandas": pd.__version__, "evidently": evidently.__version__},
        "conventions": {
            "missing": "empty CSV cell; dropped per column before any statistic (pandas NaN, +-inf also dropped)",
            "non_finite_floats": "written as strings Infinity / -Infinity / NaN",
            "categorical_keys": "CSV cell text; counts and new/vanished lists use these keys",
            "psi_evidently": "Evidently get_binned_data: numeric with >20 distinct reference values -> "
                             "np.histogram_bin_edges(ref+cur, 'sturges'); else one bin per distinct value; "
                             "zero shares smoothed (1e-4, or min_nonzero/1e6 if min_nonzero <= 1e-4); natural log",
            f"psi_quantile_{QUANTILE_BINS}": "inner edges = unique(np.quantile(ref, k/B, method=linear)), k=1..B-1; "
                                              "bins right-closed (-inf,e0],(e0,e1],...,(e_last,inf); same smoothing",
            "jensenshannon": "scipy.spatial.distance.jensenshannon on the same bins WITHOUT smoothing, natural log",
            "wasserstein.normalized": "scipy.stats.wasserstein_distance / max(np.std(ref, ddof=0), 0.001)",
            "chisquare": "scipy.stats.chisquare(f_obs=cur counts, f_exp=ref counts * n_cur/n_ref) over union of keys",
            "linf": "max |ref share - cur share| over union of keys (TFDV LInftyDistance, separate totals)",
            "drift_rules": DRIFT_RULE,
            "thresholds": {k: t.default_threshold for k, t in STATTESTS.items()},
        },
        "pairs": {label: process_pair(label) for label in PAIRS},
        "kstwo_sf_cases": kstwo_cases(),
        "ks_exact_cases": ks_exact_cases(),
    }
    path = os.path.join(HERE, "golden.json")
    with open(path, "w") as f:
        f.write(compact_arrays(json.dumps(golden, indent=1, allow_nan=False)) + "\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
