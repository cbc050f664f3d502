package org.rnc.studio;

import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;

import javax.swing.JComponent;

import org.knowm.xchart.XYChart;

/**
 * Draws an XChart chart at the component's size (what XChartPanel does, minus its pop-up menu, so it also
 * builds where there is no display). Repaint after changing the chart.
 */
final class ChartView extends JComponent {
    private final XYChart chart;

    ChartView(XYChart chart) {
        this.chart = chart;
        setPreferredSize(new Dimension(chart.getWidth(), chart.getHeight()));
        setOpaque(true);
    }

    @Override
    protected void paintComponent(Graphics g) {
        if (getWidth() < 20 || getHeight() < 20) return;
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            chart.paint(g2, getWidth(), getHeight());
        } finally {
            g2.dispose();
        }
    }
}
