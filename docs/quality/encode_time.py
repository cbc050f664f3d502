"""Encode time of one bench codec against another, from `rnc bench` points.

    python3 docs/quality/encode_time.py BASE.csv CODEC NEW.csv CODEC

Per setting (cap): the median over the images both files hold of NEW's encode time over BASE's, and BASE's median
encode time; then the ratio of the sums over every (setting, image) pair. Times are only comparable when both codecs
ran under the same load (best: the same `rnc bench` run).
"""
import csv
import statistics
import sys


def times(path, codec):
    return {(r['setting'], r['image']): float(r['encode_ms'])
            for r in csv.DictReader(open(path)) if r['codec'] == codec}


def main(a):
    if len(a) != 4:
        sys.exit(__doc__)
    b, n = times(a[0], a[1]), times(a[2], a[3])
    keys = sorted(set(b) & set(n))
    if not keys:
        sys.exit('no (setting, image) pair in both')
    settings = sorted({k[0] for k in keys}, key=lambda s: (len(s), s))
    for s in settings:
        ks = [k for k in keys if k[0] == s]
        print('%s median ratio %.2f base median ms %.0f'
              % (s, statistics.median(n[k] / b[k] for k in ks), statistics.median(b[k] for k in ks)))
    print('total ratio %.2f' % (sum(n[k] for k in keys) / sum(b[k] for k in keys)))


if __name__ == '__main__':
    main(sys.argv[1:])
