package latentlab.cli;

import latentlab.core.explore.Encoding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Codes as CSV: a header {@code z_mean_0,...,z_log_var_0,...,label} (an AE writes {@code z_0,...,label}),
 * then one row per image. Codes of the user's own images add a last column {@code file}, quoted as
 * RFC 4180 says where the name needs it.
 */
final class CodesCsv {
    private CodesCsv() {
    }

    static void write(Path file, Encoding enc) {
        write(file, enc, null);
    }

    /** Writes the codes with a last column {@code file} naming each image's file (null for none). */
    static void write(Path file, Encoding enc, List<String> imageFiles) {
        if (imageFiles != null && imageFiles.size() != enc.size()) {
            throw new IllegalArgumentException("expected " + enc.size() + " file names, found " + imageFiles.size());
        }
        int l = enc.latent();
        boolean vae = enc.logVar() != null;
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (int j = 0; j < l; j++) {
            header.add((vae ? "z_mean_" : "z_") + j);
        }
        if (vae) {
            for (int j = 0; j < l; j++) {
                header.add("z_log_var_" + j);
            }
        }
        header.add("label");
        if (imageFiles != null) {
            header.add("file");
        }
        sb.append(String.join(",", header)).append('\n');
        for (int i = 0; i < enc.size(); i++) {
            for (int j = 0; j < l; j++) {
                sb.append(fmt(enc.mean()[i][j])).append(',');
            }
            if (vae) {
                for (int j = 0; j < l; j++) {
                    sb.append(fmt(enc.logVar()[i][j])).append(',');
                }
            }
            sb.append(enc.labels() == null ? -1 : enc.labels()[i]);
            if (imageFiles != null) {
                sb.append(',').append(quoted(imageFiles.get(i)));
            }
            sb.append('\n');
        }
        Cli.writeText(file, sb.toString());
    }

    /**
     * Reads the codes of a CSV: the columns {@code z_mean_0..} or {@code z_0..}; without a header,
     * the first {@code latent} columns.
     */
    static float[][] read(Path file, int latent) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": could not be read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            return new float[0][];
        }
        int[] columns = new int[latent];
        int first = 0;
        String[] head = lines.get(0).split(",");
        if (!looksNumeric(head[0])) {
            first = 1;
            for (int j = 0; j < latent; j++) {
                columns[j] = indexOf(head, "z_mean_" + j);
                if (columns[j] < 0) {
                    columns[j] = indexOf(head, "z_" + j);
                }
                if (columns[j] < 0) {
                    throw new IllegalArgumentException(file + ": no column z_mean_" + j + " or z_" + j
                            + " (the model has " + latent + " latent dimensions)");
                }
            }
        } else {
            for (int j = 0; j < latent; j++) {
                columns[j] = j;
            }
        }
        List<float[]> rows = new ArrayList<>();
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            float[] z = new float[latent];
            for (int j = 0; j < latent; j++) {
                if (columns[j] >= cells.length) {
                    throw new IllegalArgumentException(file + ", line " + (i + 1) + ": expected at least "
                            + (columns[j] + 1) + " columns, found " + cells.length);
                }
                try {
                    z[j] = Float.parseFloat(cells[columns[j]].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ", line " + (i + 1) + ": '" + cells[columns[j]]
                            + "' is not a number");
                }
            }
            rows.add(z);
        }
        return rows.toArray(new float[0][]);
    }

    private static boolean looksNumeric(String s) {
        try {
            Float.parseFloat(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int indexOf(String[] head, String name) {
        for (int i = 0; i < head.length; i++) {
            if (head[i].trim().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A CSV cell: as it is, or in double quotes with inner quotes doubled where it holds a comma, quote or line break. */
    private static String quoted(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private static String fmt(float v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
