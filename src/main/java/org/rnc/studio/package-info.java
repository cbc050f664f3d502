/**
 * RNC Studio: the Swing application ({@code java -jar target/rnc-cli.jar studio}). The non-visual models behind
 * its tabs ({@link org.rnc.studio.ProgressiveDecode}, {@link org.rnc.studio.CompareJob},
 * {@link org.rnc.studio.ResultsModel}, {@link org.rnc.studio.LossSeries}, {@link org.rnc.studio.PlotData},
 * the training tasks) know nothing of Swing; the views ({@link org.rnc.studio.Studio} and its panels) only
 * show them. Nothing in the plugin path (format, model, codec, entropy, imageio) depends on this package.
 */
package org.rnc.studio;
