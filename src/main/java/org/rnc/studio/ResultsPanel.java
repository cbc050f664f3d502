package org.rnc.studio;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.List;
import java.util.Locale;

import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;

/** The Results tab: every run of the session in a table; "Save results to CSV" writes them. */
public final class ResultsPanel extends JPanel {
    static final String[] COLUMNS = {"model / codec", "on", "setting", "bpp", "MSE", "PSNR (dB)", "MS-SSIM", "time (s)"};

    private final ResultsModel model;
    private final TableModel table = new TableModel();
    private final JLabel count = new JLabel("0 runs");

    final class TableModel extends AbstractTableModel {
        private List<RunResult> rows = List.of();

        void refresh() {
            rows = model.rows();
            fireTableDataChanged();
            count.setText(rows.size() + (rows.size() == 1 ? " run" : " runs"));
        }

        @Override public int getRowCount() { return rows.size(); }

        @Override public int getColumnCount() { return COLUMNS.length; }

        @Override public String getColumnName(int c) { return COLUMNS[c]; }

        @Override public Class<?> getColumnClass(int c) { return c < 3 ? String.class : Double.class; }

        @Override
        public Object getValueAt(int r, int c) {
            RunResult x = rows.get(r);
            return switch (c) {
                case 0 -> x.model();
                case 1 -> x.source();
                case 2 -> x.setting();
                case 3 -> x.bpp();
                case 4 -> x.mse();
                case 5 -> x.psnr();
                case 6 -> x.msssim();
                default -> x.seconds();
            };
        }
    }

    /** Numbers with a fixed count of decimals per column; "—" for what was not measured. */
    static final class NumberRenderer extends DefaultTableCellRenderer {
        private final String format;

        NumberRenderer(String format) {
            this.format = format;
            setHorizontalAlignment(SwingConstants.RIGHT);
        }

        @Override
        protected void setValue(Object v) {
            double d = v instanceof Double x ? x : Double.NaN;
            setText(Double.isNaN(d) ? "—" : Double.isInfinite(d) ? "∞ (lossless)" : String.format(Locale.ROOT, format, d));
        }
    }

    ResultsPanel(Studio studio) {
        super(new BorderLayout());
        this.model = studio.results();
        JTable t = new JTable(table);
        t.setAutoCreateRowSorter(true);
        t.setFillsViewportHeight(true);
        String[] formats = {null, null, null, "%.4f", "%.6f", "%.2f", "%.4f", "%.2f"};
        for (int c = 3; c < COLUMNS.length; c++) t.getColumnModel().getColumn(c).setCellRenderer(new NumberRenderer(formats[c]));
        t.getColumnModel().getColumn(2).setPreferredWidth(260);
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 3));
        JButton save = new JButton("Save results to CSV…");
        save.addActionListener(e -> studio.chooseAndSaveResults());
        JButton clear = new JButton("Clear");
        clear.addActionListener(e -> model.clear());
        bar.add(save);
        bar.add(clear);
        bar.add(count);
        bar.add(new JLabel("   MSE is on a 0..1 scale; MNIST rows give bits per pixel of the 28x28 digit."));
        add(bar, BorderLayout.NORTH);
        add(new JScrollPane(t), BorderLayout.CENTER);
        model.addListener(() -> SwingUtilities.invokeLater(table::refresh));
        table.refresh();
    }

    /** Rows shown (after the event thread has caught up). */
    public int rowCount() { return table.getRowCount(); }
}
