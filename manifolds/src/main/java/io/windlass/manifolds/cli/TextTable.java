package io.windlass.manifolds.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals: a header row, then rows, each column as wide as its widest
 * cell, two spaces apart, numbers aligned right if asked; no trailing blanks. Cells should be one
 * line.
 */
final class TextTable {
  private static final String GAP = "  ";

  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** A table with these column headers. */
  TextTable(String... headers) {
    this.headers = headers.clone();
    this.right = new boolean[headers.length];
  }

  /** Aligns the given columns (0-based) to the right. */
  TextTable alignRight(int... columns) {
    for (int column : columns) {
      right[column] = true;
    }
    return this;
  }

  /**
   * Adds a row.
   *
   * @throws IllegalArgumentException it has not one cell per column
   */
  TextTable add(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          "row "
              + Arrays.toString(cells)
              + " has "
              + cells.length
              + " cells, not "
              + headers.length);
    }
    rows.add(cells.clone());
    return this;
  }

  @Override
  public String toString() {
    int[] widths = new int[headers.length];
    List<String[]> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (String[] row : all) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          line.append(GAP);
        }
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(right[i] ? pad + row[i] : row[i] + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
