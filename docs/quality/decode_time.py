"""Decode time of one codec against another at a bit rate, from a `rnc bench` points.csv (one run, so one machine
state): each image's decode_ms interpolated in log bpp between its points, the ratio per image, then the mean.

    python3 docs/quality/decode_time.py POINTS.csv [CODEC [REFERENCE [BPP]]]   # default rnc-adaptive rnc 0.5
"""
import collections, csv, sys
import numpy as np

from bdrate import at_rate

points = collections.defaultdict(list)
for r in csv.DictReader(open(sys.argv[1])):
    points[(r['codec'], r['image'])].append((float(r['bpp']), float(r['decode_ms'])))
codec = sys.argv[2] if len(sys.argv) > 2 else 'rnc-adaptive'
ref = sys.argv[3] if len(sys.argv) > 3 else 'rnc'
bpp = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5


ratios = []
for im in sorted({i for c, i in points if c == codec}):
    a, b = at_rate(points[(codec, im)], bpp), at_rate(points[(ref, im)], bpp)
    if not (np.isnan(a) or np.isnan(b)):
        ratios.append((im, a, b, a / b))
for im, a, b, q in ratios:
    print('%s: %s %.0f ms, %s %.0f ms, %.2fx' % (im, codec, a, ref, b, q))
print('decode time at %g bpp, %s against %s: mean %.2fx over %d images (median ms %.0f against %.0f)' % (
    bpp, codec, ref, np.mean([r[3] for r in ratios]), len(ratios), np.median([r[1] for r in ratios]),
    np.median([r[2] for r in ratios])))
