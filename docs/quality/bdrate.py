"""Bjontegaard-delta rate as org.rnc.bench.BdRate computes it, for the analysis scripts of this folder: a cubic fit of
log(rate) over quality for each curve, integrated over the quality range both cover; percent, negative = fewer bits."""
import numpy as np


def bd(r1, q1, r2, q2):
    q1, q2 = np.array(q1), np.array(q2)
    lo, hi = max(q1.min(), q2.min()), min(q1.max(), q2.max())
    if hi <= lo or len(q1) < 4 or len(q2) < 4:
        return float('nan')
    i1, i2 = np.polyint(np.polyfit(q1, np.log(r1), 3)), np.polyint(np.polyfit(q2, np.log(r2), 3))
    return (np.exp((np.polyval(i2, hi) - np.polyval(i2, lo) - np.polyval(i1, hi) + np.polyval(i1, lo)) / (hi - lo)) - 1) * 100


def db(msssim):
    """MS-SSIM in dB, -10 log10(1 - MS-SSIM), as the bench's BD-rates take it."""
    return -10 * np.log10(1 - np.array(msssim))


def at_rate(pts, bpp):
    """A value at a bit rate, interpolated linearly in log rate between (bpp, value) points; nan outside them."""
    pts = sorted(pts)
    for (b1, v1), (b2, v2) in zip(pts, pts[1:]):
        if b1 <= bpp <= b2:
            return v1 + (np.log(bpp) - np.log(b1)) / (np.log(b2) - np.log(b1)) * (v2 - v1)
    return float('nan')
