package org.rnc.studio;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import javax.swing.JComponent;
import javax.swing.JViewport;
import javax.swing.SwingUtilities;

/**
 * Shows one image with zoom and pan: "fit" scales it into the visible area; otherwise a fixed zoom, the
 * mouse wheel zooming about the pointer and a drag panning the enclosing scroll pane. Event thread only.
 */
public final class ImageView extends JComponent {
    public static final double MIN_ZOOM = 1 / 16.0, MAX_ZOOM = 32;

    private BufferedImage image;
    private double zoom = 1;
    private boolean fit = true;
    private String emptyText = "no image";
    private final List<Runnable> zoomListeners = new ArrayList<>();

    public ImageView() {
        setOpaque(true);
        setBackground(new Color(0x3C3F41));
        MouseAdapter m = new MouseAdapter() {
            private Point anchor;

            @Override
            public void mousePressed(MouseEvent e) {
                anchor = SwingUtilities.convertPoint(ImageView.this, e.getPoint(), getParent());
            }

            @Override
            public void mouseDragged(MouseEvent e) {
                if (anchor == null || !(getParent() instanceof JViewport vp)) return;
                Point now = SwingUtilities.convertPoint(ImageView.this, e.getPoint(), vp);
                Point pos = vp.getViewPosition();
                pos.translate(anchor.x - now.x, anchor.y - now.y);
                scrollTo(vp, pos);
                anchor = now;
            }

            @Override
            public void mouseWheelMoved(MouseWheelEvent e) {
                if (image == null) return;
                double f = Math.pow(1.25, -e.getPreciseWheelRotation());
                zoomAbout(zoom() * f, e.getPoint());
            }
        };
        addMouseListener(m);
        addMouseMotionListener(m);
        addMouseWheelListener(m);
    }

    public void addZoomListener(Runnable r) { zoomListeners.add(r); }

    public BufferedImage image() { return image; }

    /** Shows {@code img} (null: nothing), keeping the zoom. */
    public void setImage(BufferedImage img) {
        boolean resized = image == null || img == null || image.getWidth() != img.getWidth() || image.getHeight() != img.getHeight();
        image = img;
        if (resized) revalidate();
        repaint();
        if (resized) zoomListeners.forEach(Runnable::run);
    }

    public void setEmptyText(String s) {
        emptyText = s;
        repaint();
    }

    public boolean isFit() { return fit; }

    /** The zoom in effect (in fit mode, the one that fits). */
    public double zoom() {
        if (!fit || image == null) return zoom;
        Dimension area = visibleArea();
        if (area.width <= 0 || area.height <= 0) return 1;
        return Math.min(MAX_ZOOM, Math.min((double) area.width / image.getWidth(), (double) area.height / image.getHeight()));
    }

    public void fit() {
        fit = true;
        changed();
    }

    public void setZoom(double z) {
        fit = false;
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        changed();
    }

    public void zoomIn() { setZoom(zoom() * 1.5); }

    public void zoomOut() { setZoom(zoom() / 1.5); }

    /** Changes the zoom keeping the image point under {@code p} (component coordinates) where it is. */
    void zoomAbout(double z, Point p) {
        Rectangle before = imageRect();
        double ix = (p.x - before.x) / zoom(), iy = (p.y - before.y) / zoom();
        setZoom(z);
        if (getParent() instanceof JViewport vp) {
            // lay out now so the new size is known, then move the view so the point stays put
            vp.validate();
            Rectangle after = imageRect();
            Point pos = vp.getViewPosition();
            Point inVp = SwingUtilities.convertPoint(this, p, vp);
            pos.x = (int) Math.round(after.x + ix * zoom() - (inVp.x));
            pos.y = (int) Math.round(after.y + iy * zoom() - (inVp.y));
            scrollTo(vp, pos);
        }
    }

    private void scrollTo(JViewport vp, Point pos) {
        Dimension view = vp.getViewSize(), ext = vp.getExtentSize();
        pos.x = Math.max(0, Math.min(pos.x, view.width - ext.width));
        pos.y = Math.max(0, Math.min(pos.y, view.height - ext.height));
        vp.setViewPosition(pos);
    }

    private void changed() {
        revalidate();
        repaint();
        zoomListeners.forEach(Runnable::run);
    }

    private Dimension visibleArea() {
        if (getParent() instanceof JViewport vp) return vp.getExtentSize();
        return getSize();
    }

    @Override
    public Dimension getPreferredSize() {
        if (image == null || fit) return getParent() instanceof JViewport vp ? vp.getExtentSize() : new Dimension(320, 240);
        return new Dimension((int) Math.ceil(image.getWidth() * zoom), (int) Math.ceil(image.getHeight() * zoom));
    }

    /** Where the image is drawn, in this component's coordinates (centred when smaller than the view). */
    public Rectangle imageRect() {
        if (image == null) return new Rectangle();
        double z = zoom();
        int w = (int) Math.round(image.getWidth() * z), h = (int) Math.round(image.getHeight() * z);
        return new Rectangle(Math.max(0, (getWidth() - w) / 2), Math.max(0, (getHeight() - h) / 2), w, h);
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            g.setColor(getBackground());
            g.fillRect(0, 0, getWidth(), getHeight());
            if (image == null) {
                g.setColor(new Color(0xBBBBBB));
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                int tw = g.getFontMetrics().stringWidth(emptyText);
                g.drawString(emptyText, (getWidth() - tw) / 2, getHeight() / 2);
                return;
            }
            Rectangle r = imageRect();
            double z = zoom();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, z >= 1 ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
                    : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            // draw only what the clip shows: a large image at a high zoom stays cheap
            g.drawImage(image, r.x, r.y, r.width, r.height, null);
        } finally {
            g.dispose();
        }
    }
}
