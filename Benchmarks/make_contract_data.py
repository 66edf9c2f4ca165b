"""Writes the deterministic CSV of the data-contract benchmark.

    python make_contract_data.py OUT.csv ROWS

About 110 bytes a row (1M rows is about 110 MB), fixed seed, 14 columns:
  id           integer 1..ROWS, unique (primary key)
  customer_id  integer
  age          integer 18..99
  income       number, lognormal, ~5% empty cells
  balance      number, may be negative, ~2% empty cells
  score        number in [0, 1] (beta)
  category     one of 8 strings
  region       one of 5 strings
  email        string, format email
  signup_date  date YYYY-MM-DD
  last_login   datetime YYYY-MM-DDTHH:MM:SS
  is_active    true/false
  label        0/1
  prediction   0/1
Faults injected into rows chosen with their own seed (at least one of each):
  age = 150 (maximum 120)                   0.05% of rows
  score < 0 (minimum 0)                     0.03%
  category "unknown" (enum)                 0.02%
  email without "@" (format email)          0.04%
  signup_date 2024-02-30 (type date)        0.01%
  id empty (required)                       0.01%
  id equal to the previous row's (unique)   0.02%
The number of each is printed on stderr.
"""
import sys
from datetime import date, datetime, timedelta

import numpy as np

out, rows = sys.argv[1], int(sys.argv[2])
n = rows
rng = np.random.default_rng(20240301)

CATEGORIES = np.array(["electronics", "grocery", "clothing", "home", "sports", "toys", "books", "beauty"])
REGIONS = np.array(["north", "south", "east", "west", "central"])
DOMAINS = np.array(["example.com", "mail.org", "corp.net"])
NAMES = np.array(["ann", "bob", "cy", "dee", "eve", "finn", "gus", "hal"])

customer_id = rng.integers(100_000, 1_000_000, n)
age = rng.integers(18, 100, n)
income = np.exp(rng.normal(10.8, 0.5, n))
income_missing = rng.random(n) < 0.05
balance = rng.normal(1500.0, 3000.0, n)
balance_missing = rng.random(n) < 0.02
score = rng.beta(2.0, 5.0, n)
category = CATEGORIES[rng.choice(8, n, p=[0.2, 0.18, 0.15, 0.12, 0.1, 0.1, 0.08, 0.07])].astype(object)
region = REGIONS[rng.choice(5, n, p=[0.3, 0.25, 0.2, 0.15, 0.1])]
name = NAMES[rng.integers(0, 8, n)]
domain = DOMAINS[rng.integers(0, 3, n)]
day0 = date(2015, 1, 1)
day_texts = np.array([(day0 + timedelta(days=d)).isoformat() for d in range(3300)], dtype=object)
signup_date = day_texts[rng.integers(0, 3300, n)]
login0 = datetime(2024, 1, 1)
login_seconds = rng.integers(0, 366 * 86400, n)
is_active = rng.random(n) < 0.7
label = (rng.random(n) < 0.3).astype(np.int8)
prediction = np.where(rng.random(n) < 0.85, label, 1 - label)

# Faults, at positions drawn from their own generator.
faults = np.random.default_rng(7)


def pick(fraction, candidates=None):
    k = max(1, round(fraction * n))
    pool = np.arange(n) if candidates is None else candidates
    return np.sort(faults.choice(pool, min(k, len(pool)), replace=False))


bad_age = pick(0.0005)
age[bad_age] = 150
bad_score = pick(0.0003)
score[bad_score] = -score[bad_score] - 0.001
bad_category = pick(0.0002)
category[bad_category] = "unknown"
bad_email = pick(0.0004)
email_ok = np.ones(n, dtype=bool)
email_ok[bad_email] = False
bad_date = pick(0.0001)
signup_date = signup_date.copy()
signup_date[bad_date] = "2024-02-30"
empty_id = pick(0.0001, np.arange(1, n))
empty = np.zeros(n, dtype=bool)
empty[empty_id] = True
# A duplicate takes the id of the row before it, which is neither empty nor a duplicate.
candidates = np.flatnonzero(~empty[1:] & ~empty[:-1]) + 1
dup_id = pick(0.0002, candidates)
dup = np.zeros(n, dtype=bool)
dup[dup_id] = True
dup_id = dup_id[~dup[dup_id - 1]]
ids = np.arange(1, n + 1)
ids[dup_id] = ids[dup_id - 1]

id_text = ids.astype(str).astype(object)
id_text[empty_id] = ""
income_text = np.char.mod("%.2f", income).astype(object)
income_text[income_missing] = ""
balance_text = np.char.mod("%.2f", balance).astype(object)
balance_text[balance_missing] = ""
score_text = np.char.mod("%.6f", score)
at = np.where(email_ok, "@", "")
email = np.char.add(np.char.add(np.char.add(name, customer_id.astype(str)), at), domain)
bools = np.array(["false", "true"])[is_active.astype(int)]

header = ("id,customer_id,age,income,balance,score,category,region,email,signup_date,"
          "last_login,is_active,label,prediction\n")
chunk = 200_000
with open(out, "w", newline="") as f:
    f.write(header)
    for start in range(0, n, chunk):
        s = slice(start, min(n, start + chunk))
        stamps = (login0 + timedelta(seconds=int(x)) for x in login_seconds[s])
        f.writelines(
            f"{i},{c},{a},{inc},{bal},{sc},{cat},{reg},{em},{sd},{ts:%Y-%m-%dT%H:%M:%S},{act},{lab},{pred}\n"
            for i, c, a, inc, bal, sc, cat, reg, em, sd, ts, act, lab, pred in zip(
                id_text[s], customer_id[s].tolist(), age[s].tolist(), income_text[s], balance_text[s],
                score_text[s].tolist(), category[s], region[s].tolist(), email[s].tolist(), signup_date[s],
                stamps, bools[s].tolist(), label[s].tolist(), prediction[s].tolist()))

print(f"{out}: {n} rows; faults: age 150 {len(bad_age)}, score<0 {len(bad_score)}, "
      f"category {len(bad_category)}, email {len(bad_email)}, date {len(bad_date)}, "
      f"empty id {len(empty_id)}, duplicate id {len(dup_id)}", file=sys.stderr)
