"""Writes ProtoMixer.java, a copy of org.rnc.entropy.ContextMixer with knobs, for MixerProto.java's `m:` variants
(issue 17, entropy side): the mixer's learning rate, its count limit, and which context picks its weight set
(0: the code channel, as shipped; 1: channel x the previous iteration's code; 2: channel x the up/left codes;
3: all three). Not part of the build: the shipped mixer stays as it is.

    python3 docs/quality/proto_mixer.py /tmp/psrc
    javac -cp 'target/rnc.jar:target/lib/*' -d /tmp/proto docs/quality/MixerProto.java /tmp/psrc/ProtoMixer.java
    java -Dvariants=base,m:1:0.01:30 -cp '/tmp/proto:target/rnc.jar:target/lib/*' org.rnc.entropy.MixerProto FILE.rnc ...
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, '../../src/main/java/org/rnc/entropy/ContextMixer.java')).read()
edits = [
    ('final class ContextMixer {', 'final class ProtoMixer {\n    static double rate = 0.01; static int limit = 30; static int select = 0;'),
    ('private static final double RATE = 0.01, BIAS = 0.3;', 'private static final double BIAS = 0.3;'),
    ('static ContextMixer forMode3', 'static ProtoMixer forMode3'),
    ('static final double[] P15_STRETCH = new double[ONE];', 'static final double[] P15_STRETCH = ContextMixer.P15_STRETCH;'),
    ('for (int p = 1; p < ONE; p++) P15_STRETCH[p] = stretch(p / (double) ONE);', ''),
    ('weights = new double[bits][];\n        for (int c = 0; c < bits; c++) weights[c] = start.clone();',
     'weights = new double[bits * 27][];\n        for (int c = 0; c < weights.length; c++) weights[c] = start.clone();'),
    ('double[] wc = weights[c];\n        double dot',
     'sel = select == 0 ? c : select == 1 ? c * 3 + prev : select == 2 ? c * 9 + nb : (c * 3 + prev) * 9 + nb;\n'
     '        double[] wc = weights[sel];\n        double dot'),
    ('double[] wc = weights[c];\n        for (int i = 0; i < INPUTS; i++) wc[i] += RATE', 'double[] wc = weights[sel];\n'
     '        for (int i = 0; i < INPUTS; i++) wc[i] += rate'),
    ('private int pos, p15;', 'private int pos, p15, sel;'),
    ('if (hit[k] + other[k] > LIMIT)', 'if (hit[k] + other[k] > Math.min(limit, LIMIT))'),
]
for a, b in edits:
    if a not in src:
        sys.exit('ContextMixer.java changed: ' + a)
    src = src.replace(a, b)
src = src.replace('ContextMixer(', 'ProtoMixer(').replace('new ContextMixer(', 'new ProtoMixer(')
os.makedirs(sys.argv[1], exist_ok=True)
open(os.path.join(sys.argv[1], 'ProtoMixer.java'), 'w').write(src)
