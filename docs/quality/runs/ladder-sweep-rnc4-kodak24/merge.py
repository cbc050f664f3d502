"""Kodak-24, caps 1-16, for ladder max(24, B + 2k), from this folder's runs and the writer's (B = 18) run.

Ladders 18, 20 and 22 ask the same 24 dB at caps 1-3 and the same 40 dB from cap 11 on, so those files are the same
bytes; only caps 4-10 needed new encodes. The new runs are the even-numbered images at caps 1-12 and the odd-numbered
ones at caps 1-10; every other point comes from models/rnc-4/bench-kodak16-ladder18/points.csv. The script checks
that the caps the runs share with it are byte for byte the same files before it merges.

    python3 docs/quality/runs/ladder-sweep-rnc4-kodak24/merge.py 22 OUT.csv     (run from the repository root)
"""
import csv
import sys

D = 'docs/quality/runs/ladder-sweep-rnc4-kodak24/'
b, out_path = sys.argv[1], sys.argv[2]
base = list(csv.DictReader(open('models/rnc-4/bench-kodak16-ladder18/points.csv')))
new = list(csv.DictReader(open(D + f'even-l{b}.csv'))) + list(csv.DictReader(open(D + f'odd-l{b}-caps1-10.csv')))
base_bytes = {(r['image'], r['setting']): r['bytes'] for r in base}
for r in new:
    k = int(r['setting'][2:])
    if k <= 3 or k >= 11:
        assert base_bytes[(r['image'], r['setting'])] == r['bytes'], ('ladders differ where they should not', r)
have = {(r['image'], r['setting']) for r in new}
out = new + [r for r in base if (r['image'], r['setting']) not in have]
with open(out_path, 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=list(base[0].keys()), lineterminator='\n')
    w.writeheader()
    for r in sorted(out, key=lambda r: (r['image'], int(r['setting'][2:]))):
        w.writerow(r)
print(len(out), 'points ->', out_path)
