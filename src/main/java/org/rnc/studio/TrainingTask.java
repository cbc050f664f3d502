package org.rnc.studio;

import java.util.List;

/**
 * A long training run behind the Train tab: {@link #run()} blocks on a worker thread while the view polls
 * {@link #progress()}, {@link #status()} and the {@link #losses()} series; {@link #requestStop()} (the Stop
 * button, or closing the window) makes it finish early and still return what it has.
 */
public interface TrainingTask {
    String title();

    void run() throws Exception;

    void requestStop();

    boolean stopRequested();

    /** 0..1. */
    double progress();

    /** The latest line of the run's log. */
    String status();

    /** The live loss curves (fixed objects, filled in as the run goes). */
    List<LossSeries> losses();

    /** The Results tab's rows, once {@link #run()} has returned. */
    List<RunResult> results();
}
