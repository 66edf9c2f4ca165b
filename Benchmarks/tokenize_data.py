"""Writes the tokenizer benchmark's inputs (Benchmarks/tokenize.sh): two CSVs and a config.

Usage: tokenize_data.py OUTDIR ROWS

OUTDIR/loans.csv: ROWS rows of 13 loans-like columns, seeded (the same bytes on every
run), LF line ends, nothing quoted (about 92 bytes a row):
  id            unique integer
  age           integer 18..90
  income        decimal, about 5 % empty cells
  amount        decimal, about 2 % empty cells
  rate          decimal with three places
  term          36 or 60
  grade         A..G
  purpose       one of eight categories
  email         name.number@domain
  applied       a date, YYYY-MM-DD
  label         0/1
  score         the model's probability in [0, 1]
  prediction    0/1 (score >= 0.5)
OUTDIR/quoted.csv: the same columns with CRLF line ends, `purpose` as free text (always
quoted: a few words, a comma, now and then doubled quotes and non-ASCII letters) and
`email` replaced by a name (quoted when it holds a comma or a quote, non-ASCII often).
OUTDIR/loans.yml, OUTDIR/quoted.yml: one data gate over that file with only a
`row_count` check, which reads no column: the run is the tokenizer's (and the reading's).
"""
import os
import random
import sys

HEADER = ["id", "age", "income", "amount", "rate", "term", "grade", "purpose", "email", "applied", "label", "score", "prediction"]
PURPOSES = ["car", "home", "education", "medical", "business", "travel", "wedding", "other"]
DOMAINS = ["example.com", "mail.org", "post.net", "inbox.com"]
WORDS = ["new", "kitchen", "roof", "used", "car", "tuition", "dental", "shop", "trip", "café", "Zoë's",
         "naïve", "\"cash\"", "bridge", "loan", "Ørsted", "日本", "fees", "repair", "solar"]
NAMES = ["Anna", "José", "Zoë", "Łukasz", "O'Neil", "Müller", "Chen", "Smith, J.", "Dvořák", "\"Red\" Ray", "Núñez", "Kim"]


def quoted(text):
    return '"' + text.replace('"', '""') + '"'


def rows_of(rng, rows, free_text):
    for row in range(1, rows + 1):
        label = 1 if rng.random() < 0.3 else 0
        score = min(1.0, max(0.0, rng.gauss(0.65 if label else 0.35, 0.2)))
        income = "" if rng.random() < 0.05 else f"{rng.uniform(12000, 250000):.2f}"
        amount = "" if rng.random() < 0.02 else f"{rng.uniform(500, 40000):.2f}"
        date = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if free_text:
            words = [rng.choice(WORDS) for _ in range(rng.randint(1, 5))]
            purpose = quoted(" ".join(words[:2]) + (", " + " ".join(words[2:]) if len(words) > 2 else ""))
            name = rng.choice(NAMES) + " " + rng.choice(NAMES)
            contact = quoted(name) if ("," in name or '"' in name) else name
        else:
            purpose = rng.choice(PURPOSES)
            contact = f"user{rng.randint(1, 999999)}@{rng.choice(DOMAINS)}"
        yield [str(row), str(rng.randint(18, 90)), income, amount, f"{rng.uniform(0.03, 0.3):.3f}",
               rng.choice(["36", "60"]), rng.choice("ABCDEFG"), purpose, contact, date, str(label),
               f"{score:.6f}", "1" if score >= 0.5 else "0"]


def write_table(path, rows, free_text, seed=22):
    """One of the two files: plain (LF) or with free text (CRLF), from `seed`."""
    rng = random.Random(seed)
    end = "\r\n" if free_text else "\n"
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(",".join(HEADER) + end)
        for fields in rows_of(rng, rows, free_text):
            file.write(",".join(fields) + end)


def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    write_table(os.path.join(out, "loans.csv"), rows, free_text=False)
    write_table(os.path.join(out, "quoted.csv"), rows, free_text=True)
    for name in ["loans", "quoted"]:
        with open(os.path.join(out, f"{name}.yml"), "w") as file:
            file.write(f"version: 1\ngates:\n  - name: rows\n    kind: data\n    input: {name}.csv\n"
                       "    checks:\n      - check: row_count\n        min: 1\n")


if __name__ == "__main__":
    main()
