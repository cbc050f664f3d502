"""Decoder passes at 0.25, 0.5 and 0.75 bpp from `rnc bench` points.csv files: each image's cap (iterations, the
setting itK) interpolated in log bpp, then the mean over the images that reach the rate. The cap is an upper bound on an
adaptive file's passes (a file ends early when every block has stopped). Unlike decode times it does not depend on
the machine's state.

    python3 docs/quality/decoder_passes.py POINTS.csv CODEC [POINTS.csv CODEC ...]
"""
import collections, csv, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bdrate import at_rate


def caps(path, codec, bpp):
    pts = collections.defaultdict(list)
    for r in csv.DictReader(open(path)):
        if r['codec'] == codec:
            pts[r['image']].append((float(r['bpp']), int(r['setting'][2:])))
    out = [v for v in (at_rate(p, bpp) for p in pts.values()) if not np.isnan(v)]
    return np.mean(out), len(out)


for path, codec in zip(sys.argv[1::2], sys.argv[2::2]):
    for b in (0.25, 0.5, 0.75):
        m, n = caps(path, codec, b)
        print(f"{path} {codec} @ {b} bpp: {m:.2f} iterations ({n} images)")
