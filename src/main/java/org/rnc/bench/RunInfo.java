package org.rnc.bench;

import java.util.List;
import java.util.Map;

/**
 * What the report says about the run besides the points: how it was made, on what, which codecs could not
 * run (and why), what failed, and the memory peaks.
 *
 * @param command        the command line as typed (for the report's reproduction line)
 * @param imagesDir      the image folder
 * @param iterations     RNC iterations measured
 * @param model          RNC model name
 * @param threads        worker threads over images
 * @param cores          available processors
 * @param java           Java runtime description
 * @param os             operating system description
 * @param started        start time, ISO-8601
 * @param wallSeconds    wall-clock duration
 * @param loadAverage    system load average at the start (-1 when unknown)
 * @param maxHeapBytes   the JVM's maximum heap
 * @param peakHeapBytes  the largest used heap seen (sampled every 50 ms, and the heap pools' peaks)
 * @param peakRssBytes   the process's peak resident set (Linux VmHWM; -1 when unknown), TensorFlow's native memory included
 * @param codecs         codec name to what was measured
 * @param unavailable    codec name to the reason it could not run
 * @param errors         failures of single measurements ("codec image: message")
 */
public record RunInfo(String command, String imagesDir, int iterations, String model, int threads, int cores,
                      String java, String os, String started, double wallSeconds, double loadAverage,
                      long maxHeapBytes, long peakHeapBytes, long peakRssBytes, Map<String, String> codecs,
                      Map<String, String> unavailable, List<String> errors) {}
