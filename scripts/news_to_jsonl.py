#!/usr/bin/env python3
"""Convert the shared news corpora to dyad story JSONL (for docs/quality/).

  scripts/news_to_jsonl.py ../shared/data/news OUT.jsonl

Takes the BBC politics items (label 1 of bbc_news_{dev,test}.tsv; text is
lower-cased by the corpus; first line = headline, dated 2005-01-15, the
corpus covers 2004-05) and the AG News world items (class 1 of
ag_news_test.csv; dated 2004-08-15, the crawl period; the corpus's damaged
character references such as " #39;" are repaired). Never commit the output.
"""
import csv
import html
import json
import re
import sys
from pathlib import Path

# AG News lost the '&' of its HTML character references ("Sudan #39;s",
# " quot;Very positive quot;", "US #36;53") and carries escaped markup
# ("&lt;b&gt;...&lt;/b&gt;"): restore the characters, drop the markup.
_AG_REF = re.compile(r" ?#(\d+);")
_AG_NAMED = re.compile(r" (quot|amp|lt|gt);")
_MARKUP = re.compile(r"<[^>]{0,200}>")


def _char(n: int) -> str:
    # 128-159 are Windows-1252 in this corpus (#146; = ’, #151; = —)
    if 128 <= n < 160:
        return bytes([n]).decode("cp1252", errors="replace")
    return chr(n)


def repair_ag(text: str) -> str:
    text = _AG_REF.sub(lambda m: _char(int(m.group(1))), text)
    text = _AG_NAMED.sub(lambda m: " " + html.unescape("&" + m.group(1) + ";"), text)
    text = _MARKUP.sub(" ", html.unescape(text))
    return re.sub(r"\s+", " ", text).strip()


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    n = 0
    with out.open("w", encoding="utf-8") as w:
        for part in ("dev", "test"):
            with (src / f"bbc_news_{part}.tsv").open(encoding="utf-8") as f:
                for i, line in enumerate(f, 1):
                    fields = line.rstrip("\n").split("\t")
                    if len(fields) != 2 or fields[1].strip() != "1":
                        continue
                    w.write(json.dumps({"id": f"bbc-{part}-{i}", "date": "2005-01-15",
                                        "source": "bbc", "text": fields[0]}) + "\n")
                    n += 1
        with (src / "ag_news_test.csv").open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), 2):
                if row["label"] != "1":
                    continue
                desc = repair_ag(row["description"].replace("\\", " "))
                w.write(json.dumps({"id": f"ag-{i}", "date": "2004-08-15", "source": "agnews",
                                    "title": repair_ag(row["title"]), "text": desc}) + "\n")
                n += 1
    print(f"{n} stories -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
