package latentlab.cli;

import latentlab.core.data.ImageFolderReader;
import latentlab.core.explore.Codec;
import latentlab.core.explore.Encoding;
import latentlab.core.model.Model;
import latentlab.core.model.ModelFile;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code latentlab encode --folder DIR}: the codes of the user's own images, prepared as the editor
 * prepares a dropped image, as CSV with a {@code file} column. Files that cannot be used are listed and
 * skipped.
 */
final class EncodeFolderCommand {
    private final PrintStream out;

    EncodeFolderCommand(PrintStream out) {
        this.out = out;
    }

    Map<String, Object> run(Args args) {
        Model model = ModelFile.load(Path.of(args.required("model")));
        Path folder = Path.of(args.required("folder"));
        Path csv = Path.of(args.required("out"));
        args.rejectUnused();
        ImageFolderReader.Images images =
                ImageFolderReader.readImages(folder, model.config().shape(), Integer.MAX_VALUE);
        Encoding codes = new Codec(model).encode(images.pixels(), images.size());
        int[] labels = images.images().stream().mapToInt(ImageFolderReader.Image::label).toArray();
        List<String> files = images.images().stream()
                .map(image -> folder.relativize(image.file()).toString().replace('\\', '/')).toList();
        CodesCsv.write(csv, new Encoding(codes.mean(), codes.logVar(), labels), files);
        out.printf(Locale.ROOT, "Encoded %d image%s of %s to %s%n", images.size(), images.size() == 1 ? "" : "s",
                folder, csv);
        if (!images.classNames().isEmpty()) {
            out.println("label is the class: " + String.join(", ", indexed(images.classNames())));
        }
        DatasetsCommand.printSkipped(out, images.skipped());
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("images", images.size());
        kv.put("skipped", images.skipped().size());
        kv.put("latent", codes.latent());
        kv.put("out", csv);
        return kv;
    }

    private static List<String> indexed(List<String> names) {
        return java.util.stream.IntStream.range(0, names.size()).mapToObj(i -> i + " = " + names.get(i)).toList();
    }
}
