"""BD-rate of forks against a baseline model, codec by codec (rnc, rnc-adaptive), from `rnc bench` points.csv files
of the same images; the method of org.rnc.bench.BdRate (cubic fit of log rate over quality, per image, averaged).
Only the settings both files hold are compared (a fork benched with -n 10 against a baseline benched with -n 16 is
compared over iterations 1-10 on both sides, not over two different ranges).

    python3 docs/quality/fork_bd.py [--caps K] BASE/points.csv FORK1/points.csv [FORK2/points.csv ...]

--caps K keeps the settings of at most K iterations (it1..itK): the range of rates where the targets are (0.25 and
0.5 bpp fall near the fourth and sixth iterations), without the flat tail of the last iterations.
"""
import collections, csv, re, sys
import numpy as np

from bdrate import bd, db


args = sys.argv[1:]
caps = None
if args[:1] == ['--caps']:
    caps, args = int(args[1]), args[2:]


def load(path):
    pts = collections.defaultdict(list)
    for r in csv.DictReader(open(path)):
        if caps is not None and int(re.sub(r'\D', '', r['setting'])) > caps:
            continue
        pts[(r['codec'], r['image'])].append((r['setting'], float(r['bpp']), float(r['psnr']), float(db(float(r['msssim'])))))
    return pts


def shared(a, b):
    """The (bpp, PSNR, MS-SSIM dB) points of the settings both curves hold, each sorted by rate."""
    settings = {p[0] for p in a} & {p[0] for p in b}
    return [sorted(p[1:] for p in c if p[0] in settings) for c in (a, b)]


base = load(args[0])
for path in args[1:]:
    pts = load(path)
    for codec in ('rnc', 'rnc-adaptive'):
        imgs = sorted({i for c, i in pts if c == codec})
        if not imgs:
            continue
        res = []
        for q in (1, 2):
            res.append(np.nanmean([bd(*(lambda r, t: ([p[0] for p in r], [p[q] for p in r], [p[0] for p in t], [p[q] for p in t]))(
                *shared(base[(codec, im)], pts[(codec, im)]))) for im in imgs]))
        print('%s, %s: BD-rate against the baseline, PSNR %+.1f %%, MS-SSIM (dB) %+.1f %%' % (path, codec, res[0], res[1]))
