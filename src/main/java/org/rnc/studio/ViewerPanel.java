package org.rnc.studio;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSlider;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;

/**
 * The Viewer tab: any image ImageIO reads, with zoom and pan. For {@code .rnc} a slider runs over the
 * iterations (the reconstruction after k passes), filling in as the file decodes, beside the header: model,
 * iterations, bytes per iteration.
 */
public final class ViewerPanel extends JPanel {
    private final Studio studio;
    final ImageView view = new ImageView();
    final JSlider slider = new JSlider(1, 1, 1);
    private final JLabel passLabel = new JLabel(" ");
    private final JLabel zoomLabel = new JLabel("fit");
    private final JTextArea infoText = new JTextArea(18, 28);
    private final List<BufferedImage> passes = new ArrayList<>();
    private ImageInfo info;
    private Path file;
    private ProgressiveDecode decode;
    private Background.Job job;
    private boolean decoding, followLatest = true, adjusting;
    /** Bumped by every open: a late pass from an earlier file is dropped. */
    private int generation;

    ViewerPanel(Studio studio) {
        super(new BorderLayout());
        this.studio = studio;
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 3));
        JButton open = new JButton("Open…");
        open.addActionListener(e -> studio.chooseAndOpen());
        JButton fit = new JButton("Fit"), actual = new JButton("1:1"), in = new JButton("+"), out = new JButton("−");
        fit.addActionListener(e -> view.fit());
        actual.addActionListener(e -> view.setZoom(1));
        in.addActionListener(e -> view.zoomIn());
        out.addActionListener(e -> view.zoomOut());
        fit.setToolTipText("Scale the image into the window");
        actual.setToolTipText("One image pixel per screen pixel");
        bar.add(open);
        bar.add(new JLabel("  Zoom:"));
        bar.add(fit);
        bar.add(actual);
        bar.add(in);
        bar.add(out);
        bar.add(zoomLabel);
        bar.add(new JLabel("   (mouse wheel zooms, drag pans)"));
        view.setEmptyText("Open an image (File ▸ Open, or Ctrl+O): PNG, JPEG, .rnc, ...");
        view.addZoomListener(this::showZoom);
        view.addComponentListener(new java.awt.event.ComponentAdapter() {
            @Override public void componentResized(java.awt.event.ComponentEvent e) { showZoom(); }
        });

        JScrollPane scroll = new JScrollPane(view);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        infoText.setEditable(false);
        infoText.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        infoText.setText("No file open.");
        JScrollPane infoScroll = new JScrollPane(infoText);
        infoScroll.setBorder(BorderFactory.createTitledBorder("Header"));
        infoScroll.setMinimumSize(new Dimension(200, 100));
        infoScroll.setPreferredSize(new Dimension(330, 200));
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, scroll, infoScroll);
        // the image takes the room; the header keeps its width
        split.setResizeWeight(1);

        JPanel bottom = new JPanel(new BorderLayout(8, 0));
        bottom.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        bottom.add(new JLabel("Iterations:"), BorderLayout.WEST);
        slider.setEnabled(false);
        slider.setPaintTicks(true);
        slider.setSnapToTicks(true);
        slider.setMajorTickSpacing(1);
        slider.addChangeListener(e -> {
            if (adjusting) return;
            // the user took the slider: stop following the decode's newest pass
            followLatest = slider.getValue() >= passes.size();
            showPass(slider.getValue());
        });
        bottom.add(slider, BorderLayout.CENTER);
        passLabel.setPreferredSize(new Dimension(330, 20));
        bottom.add(passLabel, BorderLayout.EAST);

        add(bar, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        add(bottom, BorderLayout.SOUTH);
    }

    /** Opens {@code f} and decodes it on a worker thread; passes appear as they finish. Event thread. */
    public void open(Path f) {
        cancel();
        int gen = ++generation;
        file = f;
        passes.clear();
        info = null;
        decoding = true;
        followLatest = true;
        view.setImage(null);
        view.setEmptyText("decoding " + f.getFileName() + " …");
        infoText.setText("Reading " + f + " …");
        updateSlider();
        ProgressiveDecode d = new ProgressiveDecode();
        decode = d;
        job = studio.background().submit("decode " + f.getFileName(), () -> d.decode(f, new ProgressiveDecode.Listener() {
            @Override public void info(ImageInfo i) {
                SwingUtilities.invokeLater(() -> {
                    if (gen == generation) showInfo(i);
                });
            }

            @Override public void pass(int pass, BufferedImage image) {
                SwingUtilities.invokeLater(() -> {
                    if (gen == generation) addPass(image);
                });
            }
        }), d::cancel, r -> {
            if (gen != generation) return;
            // the final images are the reader's own returns; replace what the listener showed
            passes.clear();
            passes.addAll(r.passes());
            decoding = false;
            if (followLatest) setSliderQuietly(passes.size());
            updateSlider();
            showPass(slider.getValue());
            if (!r.warnings().isEmpty()) studio.warn("Warning reading " + f.getFileName(), String.join("\n", r.warnings()));
            studio.viewerOpened(f, r);
        }, e -> {
            if (gen != generation) return;
            decoding = false;
            view.setEmptyText("could not open " + f.getFileName());
            infoText.setText("Could not open " + f + ":\n" + Errors.message(e));
            updateSlider();
            studio.error("Could not open " + f.getFileName(), e);
        }, null);
    }

    /** Stops the decode in progress (a new file, or the window closing). */
    public void cancel() {
        if (decode != null) decode.cancel();
        generation++;
        decoding = false;
    }

    private void showInfo(ImageInfo i) {
        info = i;
        infoText.setText(String.join("\n", i.describe()));
        infoText.setCaretPosition(0);
    }

    private void addPass(BufferedImage img) {
        passes.add(img);
        if (followLatest) setSliderQuietly(passes.size());
        updateSlider();
        if (followLatest || passes.size() == 1) showPass(slider.getValue());
    }

    private void setSliderQuietly(int v) {
        adjusting = true;
        try {
            slider.setMaximum(Math.max(1, Math.max(v, passes.size())));
            slider.setValue(v);
        } finally {
            adjusting = false;
        }
    }

    private void updateSlider() {
        adjusting = true;
        try {
            int n = Math.max(1, passes.size());
            int declared = info != null && info.isRnc() ? Math.max(n, info.declaredIterations()) : n;
            // an .rnc slider spans the declared iterations at once; the ones not decoded yet cannot be chosen
            slider.setMaximum(decoding ? declared : n);
            if (slider.getValue() > n) slider.setValue(n);
            slider.setEnabled(passes.size() > 1 || decoding && declared > 1);
            slider.setLabelTable(null);
            slider.setPaintLabels(slider.getMaximum() <= 24);
            if (slider.getMaximum() <= 24) slider.setLabelTable(slider.createStandardLabels(1, 1));
        } finally {
            adjusting = false;
        }
        showPassLabel();
    }

    private void showPass(int k) {
        if (passes.isEmpty()) {
            showPassLabel();
            return;
        }
        int i = Math.max(1, Math.min(k, passes.size()));
        if (i != slider.getValue()) setSliderQuietly(i);
        view.setImage(passes.get(i - 1));
        showPassLabel();
    }

    private void showPassLabel() {
        int n = passes.size(), k = Math.min(slider.getValue(), n);
        String s;
        if (n == 0) s = decoding ? "decoding …" : " ";
        else if (info != null && info.isRnc())
            s = String.format(Locale.ROOT, "after %d of %d iterations, %.3f bpp%s", k, Math.max(n, info.declaredIterations()),
                    info.bppAfter(k), decoding ? " (decoding …)" : "");
        else s = n > 1 ? "pass " + k + " of " + n + (decoding ? " (decoding …)" : "") : "single pass";
        passLabel.setText(s);
    }

    private void showZoom() {
        zoomLabel.setText((view.isFit() ? "fit " : "") + String.format(Locale.ROOT, "%.0f %%", 100 * view.zoom()));
    }

    // ---- for the Studio and tests (event thread) ----

    public Path file() { return file; }

    public ImageInfo info() { return info; }

    public boolean isDecoding() { return decoding; }

    public int passCount() { return passes.size(); }

    public BufferedImage pass(int k) { return passes.get(k - 1); }

    /** Moves the slider to iteration (pass) {@code k}, as a user would. */
    public void setPass(int k) { slider.setValue(k); }

    public int shownPass() { return passes.isEmpty() ? 0 : slider.getValue(); }

    public BufferedImage shownImage() { return view.image(); }

    public ImageView imageView() { return view; }

    public JSlider slider() { return slider; }
}
