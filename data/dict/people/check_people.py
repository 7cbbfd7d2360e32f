#!/usr/bin/env python3
"""Consistency check for dyad's default people dictionaries (data/dict/people/*.actors.txt).

Usage: python3 check_people.py [DIR]      (exit status 1 if any error)

Checks, per record (primary phrase, '+' synonyms, tab-indented [CODE date] lines):
  * every record has at least one code line, code lines are tab-indented;
  * codes are upper-case letters; dates are YYYYMMDD real calendar days;
  * ranges are ordered (start <= end) and a person's ranges do not overlap;
  * every code starts with a country/region code of data/cameo/countries.tsv
    (when that file is found next to this folder) or with IGO / IMG, and no
    IGO/IMG code is an ELI code (former office holders are elites of a country);
  * no phrase (primary or synonym) appears twice, in one record or two, in any file
    ('-' and '_' are the same connector).
"""
import datetime, glob, os, re, sys

CODE_RE = re.compile(r'^\[([A-Z]{3,15})(?: (?:(\d{8})-(\d{8})|>(\d{8})|<(\d{8})))?\]$')
NAME_RE = re.compile(r"^[A-Z0-9][A-Z0-9_\-]*_$")


def day(s):
    return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def known_prefixes(directory):
    table = os.path.join(directory, '..', '..', 'cameo', 'countries.tsv')
    if not os.path.exists(table):
        return None
    with open(table, encoding='utf-8') as f:
        codes = {line.split('\t', 1)[0] for line in f if line.strip()}
    return codes | {'IGO', 'IMG'}


def check(directory):
    errors = []
    prefixes = known_prefixes(directory)
    seen = {}   # phrase -> (file, line)
    nrec = 0
    for path in sorted(glob.glob(os.path.join(directory, '*.actors.txt'))):
        fname = os.path.basename(path)
        rec = None

        def close(r):
            if r is None:
                return
            if not r['codes']:
                errors.append(f"{fname}:{r['line']}: record {r['names'][0]} has no code line")
            spans = []
            for ln, a, b in r['codes']:
                spans.append((a or datetime.date.min, b or datetime.date.max, ln))
            spans.sort()
            for (a1, b1, l1), (a2, b2, l2) in zip(spans, spans[1:]):
                if a2 <= b1:
                    errors.append(f"{fname}:{l2}: range overlaps the one on line {l1} ({r['names'][0]})")

        with open(path, encoding='utf-8') as f:
            for ln, raw in enumerate(f, 1):
                line = raw.rstrip('\n')
                body = line.split('#', 1)[0].rstrip()
                if not body.strip():
                    continue
                if line.startswith('\t'):
                    if rec is None:
                        errors.append(f"{fname}:{ln}: code line outside a record")
                        continue
                    m = CODE_RE.match(body.strip())
                    if not m:
                        errors.append(f"{fname}:{ln}: malformed code line: {body.strip()!r}")
                        continue
                    code, a, b, gt, lt = m.groups()
                    if prefixes is not None and code[:3] not in prefixes:
                        errors.append(f"{fname}:{ln}: code {code}: {code[:3]} is not a CAMEO country/region code")
                    if code[:3] in ('IGO', 'IMG') and code.endswith('ELI'):
                        errors.append(f"{fname}:{ln}: code {code}: a former office holder is an elite of a country (XXXELI), not of an organisation")
                    try:
                        if a:
                            da, db = day(a), day(b)
                            if da > db:
                                errors.append(f"{fname}:{ln}: range start after end")
                            rec['codes'].append((ln, da, db))
                        elif gt:
                            rec['codes'].append((ln, day(gt), None))
                        elif lt:
                            rec['codes'].append((ln, None, day(lt)))
                        else:
                            rec['codes'].append((ln, None, None))
                    except ValueError as e:
                        errors.append(f"{fname}:{ln}: invalid date ({e})")
                    continue
                if line[0].isspace():
                    errors.append(f"{fname}:{ln}: indented line is not a tab-indented code line")
                    continue
                synonym = body.startswith('+')
                phrase = body[1:].strip() if synonym else body.strip()
                if not NAME_RE.match(phrase):
                    errors.append(f"{fname}:{ln}: bad phrase {phrase!r} (upper case, '_'-joined, trailing '_')")
                if synonym:
                    if rec is None or rec['codes']:
                        errors.append(f"{fname}:{ln}: synonym not directly after a primary phrase")
                        continue
                    rec['names'].append(phrase)
                else:
                    close(rec)
                    nrec += 1
                    rec = {'names': [phrase], 'codes': [], 'line': ln}
                key = phrase.replace('-', '_')   # '-' and '_' both join adjacent words
                if key in seen:
                    pf, pl = seen[key]
                    errors.append(f"{fname}:{ln}: phrase {phrase} already used at {pf}:{pl}")
                else:
                    seen[key] = (fname, ln)
        close(rec)
    return nrec, errors


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    nrec, errors = check(directory)
    for e in errors:
        print(e)
    print(f"{nrec} records, {len(errors)} errors")
    return 1 if errors or nrec == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
