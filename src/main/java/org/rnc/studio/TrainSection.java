package org.rnc.studio;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.Locale;
import java.util.function.Supplier;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.Timer;

import org.knowm.xchart.XYChart;

/**
 * One training kind on the Train tab: its settings form, Train and Stop buttons, a progress bar, the latest
 * log line and a live loss plot. The task runs on a worker thread; a timer on the event thread polls it.
 */
final class TrainSection extends JPanel {
    private final Studio studio;
    private final Supplier<TrainingTask> factory;
    final JButton train = new JButton("Train"), stop = new JButton("Stop");
    final JProgressBar progress = new JProgressBar(0, 1000);
    private final JLabel status = new JLabel(" ");
    private final XYChart chart;
    private final ChartView chartPanel;
    private final Timer poll;
    private TrainingTask task;
    private long shownFingerprint = -1;

    TrainSection(Studio studio, String title, JComponent form, Supplier<TrainingTask> factory) {
        super(new BorderLayout(6, 6));
        this.studio = studio;
        this.factory = factory;
        setBorder(BorderFactory.createTitledBorder(title));
        chart = Charts.lossChart(title + ": loss", 520, 260);
        Charts.updateLosses(chart, java.util.List.of());
        chartPanel = new ChartView(chart);
        chartPanel.setPreferredSize(new Dimension(520, 260));

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        buttons.add(train);
        buttons.add(stop);
        progress.setStringPainted(true);
        progress.setString("");
        progress.setPreferredSize(new Dimension(260, 22));
        buttons.add(progress);
        stop.setEnabled(false);
        train.addActionListener(e -> start());
        stop.addActionListener(e -> requestStop());
        JPanel south = new JPanel(new BorderLayout());
        south.add(buttons, BorderLayout.NORTH);
        status.setBorder(BorderFactory.createEmptyBorder(0, 6, 2, 6));
        south.add(status, BorderLayout.SOUTH);

        JPanel left = new JPanel(new BorderLayout());
        left.add(form, BorderLayout.NORTH);
        add(left, BorderLayout.WEST);
        add(chartPanel, BorderLayout.CENTER);
        add(south, BorderLayout.SOUTH);
        poll = new Timer(500, e -> refresh());
    }

    void start() {
        if (task != null) return;
        TrainingTask t;
        try {
            t = factory.get();
        } catch (RuntimeException e) {
            studio.error("Cannot start training", e);
            return;
        }
        task = t;
        train.setEnabled(false);
        stop.setEnabled(true);
        t.losses().forEach(studio.plotData()::addLoss);
        poll.start();
        studio.background().submit(t.title(), () -> {
            t.run();
            return t;
        }, t::requestStop, done -> {
            studio.results().addAll(done.results());
        }, e -> studio.error(t.title() + " failed", e), () -> {
            refresh();
            poll.stop();
            task = null;
            train.setEnabled(true);
            stop.setEnabled(false);
            shown = t;
        });
    }

    /** The task that ran last, for its final status. */
    private TrainingTask shown;

    void requestStop() {
        TrainingTask t = task;
        if (t != null) {
            t.requestStop();
            status.setText("stopping (finishing the current step, then saving) …");
        }
    }

    boolean isRunning() { return task != null; }

    private void refresh() {
        TrainingTask t = task != null ? task : shown;
        if (t == null) return;
        double p = t.progress();
        progress.setValue((int) Math.round(1000 * p));
        progress.setString(String.format(Locale.ROOT, "%.0f %%", 100 * p));
        if (!(t.stopRequested() && task != null)) status.setText(t.status());
        long f = 0;
        for (LossSeries s : t.losses()) f = f * 31 + s.count();
        if (f != shownFingerprint) {
            shownFingerprint = f;
            Charts.updateLosses(chart, t.losses());
            chartPanel.repaint();
        }
    }
}
