package org.rnc.studio;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.Timer;

import org.knowm.xchart.XYChart;

/** The Plots tab: every training run's loss curves and a comparison's rate-distortion curves; either saved as PNG. */
public final class PlotsPanel extends JPanel {
    private final PlotData data;
    final XYChart loss = Charts.lossChart("Training loss", 640, 420);
    final XYChart rd = Charts.rdChart("Rate-distortion", 640, 420);
    private final ChartView lossPanel, rdPanel;
    private final JComboBox<String> image = new JComboBox<>();
    private long shown = Long.MIN_VALUE;
    private String shownImage;
    private boolean updatingCombo;

    PlotsPanel(Studio studio) {
        super(new GridLayout(1, 2, 6, 6));
        this.data = studio.plotData();
        Charts.updateLosses(loss, List.of());
        Charts.updateRd(rd, java.util.Map.of());
        lossPanel = new ChartView(loss);
        rdPanel = new ChartView(rd);

        JPanel left = new JPanel(new BorderLayout());
        JPanel lbar = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 3));
        JButton saveLoss = new JButton("Save PNG…");
        saveLoss.addActionListener(e -> studio.chooseAndSavePlot(loss, "loss.png"));
        lbar.add(new JLabel("Loss of every training run (log scale)"));
        lbar.add(saveLoss);
        left.add(lbar, BorderLayout.NORTH);
        left.add(lossPanel, BorderLayout.CENTER);

        JPanel right = new JPanel(new BorderLayout());
        JPanel rbar = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 3));
        JButton saveRd = new JButton("Save PNG…");
        saveRd.addActionListener(e -> studio.chooseAndSavePlot(rd, "rd-" + Objects.requireNonNullElse(shownImage, "none") + ".png"));
        image.addActionListener(e -> {
            if (!updatingCombo) refresh(true);
        });
        rbar.add(new JLabel("PSNR against rate on"));
        rbar.add(image);
        rbar.add(saveRd);
        right.add(rbar, BorderLayout.NORTH);
        right.add(rdPanel, BorderLayout.CENTER);
        add(left);
        add(right);
        new Timer(1000, e -> refresh(false)).start();
    }

    /** Brings both charts up to date with the plot data. Event thread. */
    public void refresh(boolean force) {
        long f = data.fingerprint();
        List<String> images = data.rdImages();
        if (images.size() != image.getItemCount()) {
            // a new comparison is shown at once
            updatingCombo = true;
            try {
                image.setModel(new DefaultComboBoxModel<>(images.toArray(new String[0])));
                if (!images.isEmpty()) image.setSelectedItem(images.get(images.size() - 1));
            } finally {
                updatingCombo = false;
            }
        }
        String img = (String) image.getSelectedItem();
        if (!force && f == shown && Objects.equals(img, shownImage)) return;
        shown = f;
        shownImage = img;
        Charts.updateLosses(loss, data.losses());
        rd.setTitle(img == null ? "Rate-distortion" : "Rate-distortion on " + img);
        Charts.updateRd(rd, img == null ? java.util.Map.of() : data.rd(img));
        lossPanel.repaint();
        rdPanel.repaint();
    }

    public Path saveLoss(Path f) throws IOException {
        refresh(true);
        return Charts.savePng(loss, f);
    }

    public Path saveRd(Path f) throws IOException {
        refresh(true);
        return Charts.savePng(rd, f);
    }
}
