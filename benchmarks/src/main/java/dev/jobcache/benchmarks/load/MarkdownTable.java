package dev.jobcache.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Markdown table whose columns are padded, so that it reads as well on a terminal as rendered. */
final class MarkdownTable {

    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns whose name starts with {@code >} are right-aligned (numbers); the marker is not shown. */
    MarkdownTable(String... columns) {
        header = new ArrayList<>();
        rightAligned = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            rightAligned[i] = columns[i].startsWith(">");
            header.add(rightAligned[i] ? columns[i].substring(1) : columns[i]);
        }
    }

    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + Arrays.toString(cells));
        }
        rows.add(List.of(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(3, header.get(i).length());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        text.append('|');
        for (int i = 0; i < widths.length; i++) {
            text.append(rightAligned[i] ? " " + "-".repeat(widths[i] - 1) + ":" : " " + "-".repeat(widths[i]))
                    .append(" |");
        }
        text.append('\n');
        for (List<String> row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private void line(StringBuilder text, List<String> cells, int[] widths) {
        text.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).replace("|", "\\|");
            String padding = " ".repeat(Math.max(0, widths[i] - cell.length()));
            text.append(' ').append(rightAligned[i] ? padding + cell : cell + padding).append(" |");
        }
        text.append('\n');
    }
}
