#!/usr/bin/env python3
"""Convert every item of the shared news corpora to dyad story JSONL
(the input of `dyad ingest STORIES`; used by docs/examples.md).

  scripts/news_corpora_to_stories.py ../shared/data/news OUT.jsonl

* abcnews-date-text_first20k.csv: ABC (Australia) headlines with their
  publication date (YYYYMMDD, Feb-May 2003), one story per headline.
* bbc_news_{train,dev,test}.tsv: BBC items, lower-cased by the corpus, no
  dates; dated 2005-01-15 (the corpus covers 2004-05).
* ag_news_test.csv: AG News items (all four classes), no dates; dated
  2004-08-15 (the crawl period).

Undated corpora get one nominal date, so they add up in one month: trends
over time come from the ABC headlines only. Never commit the output.
"""
import csv
import json
import sys
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    counts = {}
    with out.open("w", encoding="utf-8") as w:
        def put(corpus, story):
            w.write(json.dumps(story) + "\n")
            counts[corpus] = counts.get(corpus, 0) + 1

        with (src / "abcnews-date-text_first20k.csv").open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), 2):
                d = row["publish_date"]
                if len(d) != 8 or not d.isdigit():
                    print(f"abcnews:{i}: bad date {d!r}, skipped", file=sys.stderr)
                    continue
                put("abc", {"id": f"abc-{i}", "date": f"{d[:4]}-{d[4:6]}-{d[6:]}", "source": "abc",
                            "text": row["headline_text"]})
        for part in ("train", "dev", "test"):
            with (src / f"bbc_news_{part}.tsv").open(encoding="utf-8") as f:
                for i, line in enumerate(f, 1):
                    fields = line.rstrip("\n").split("\t")
                    if len(fields) != 2 or not fields[0].strip():
                        continue
                    put("bbc", {"id": f"bbc-{part}-{i}", "date": "2005-01-15", "source": "bbc", "text": fields[0]})
        with (src / "ag_news_test.csv").open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), 2):
                put("agnews", {"id": f"ag-{i}", "date": "2004-08-15", "source": "agnews", "title": row["title"],
                               "text": row["description"].replace("\\", " ")})
    print(", ".join(f"{k}: {v}" for k, v in counts.items()) + f" stories -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
