#!/usr/bin/env python3
"""Draw a reproducible random sample of coded events for hand judging.

  dyad code news.jsonl -o events.jsonl
  scripts/sample_events.py events.jsonl [N=100] [SEED=20240611] > sample.md

Prints a Markdown table (one row per event: story, source, target, code,
verb, sentence) with an empty verdict column. The seed makes the sample
reproducible for the same events file (docs/quality/news-sample.md).
"""
import json
import random
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20240611
    with open(sys.argv[1], encoding="utf-8") as f:
        events = [json.loads(line) for line in f if line.strip()]
    rng = random.Random(seed)
    sample = rng.sample(events, min(n, len(events)))
    sample.sort(key=lambda e: (e["story_id"], e["sentence"]))
    print(f"{len(events)} events; sample of {len(sample)} (seed {seed})\n")
    print("| # | story | event | verb | sentence | verdict |")
    print("|---|---|---|---|---|---|")
    for i, e in enumerate(sample, 1):
        verb = e.get("evidence", {}).get("verb", {}).get("text", "")
        text = e["text"].replace("|", "/")
        if len(text) > 260:
            text = text[:257] + "..."
        print(f"| {i} | {e['story_id']} | {e['source']}>{e['target']} {e['code']} | {verb} | {text} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
