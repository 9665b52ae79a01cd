package latentlab.core.data.download;

import java.net.URI;
import java.util.List;

/**
 * Where a downloadable dataset comes from and what it must be once downloaded.
 *
 * @param name     the catalogue name, e.g. "mnist" (see {@link latentlab.core.data.DatasetCatalog})
 * @param title    the name people know it by, e.g. "MNIST"
 * @param folder   its subfolder in a data folder, e.g. "mnist"
 * @param files    every file it needs, with the published size and SHA-256 of each
 * @param mirrors  base addresses, each ending in '/', tried in order; a file is {@code mirror + name}
 * @param homePage the authors' page, named in messages for people who fetch the files by hand
 */
public record DownloadableDataset(String name, String title, String folder, List<PublishedFile> files,
                                  List<URI> mirrors, String homePage) {
    public DownloadableDataset {
        files = List.copyOf(files);
        mirrors = List.copyOf(mirrors);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + ": a dataset source needs at least one file");
        }
        for (URI mirror : mirrors) {
            if (!mirror.isAbsolute() || !mirror.getPath().endsWith("/")) {
                throw new IllegalArgumentException(name + ": a mirror is an absolute address ending in '/', found "
                        + mirror);
            }
        }
    }

    /** The names of its files, in order. */
    public List<String> fileNames() {
        return files.stream().map(PublishedFile::name).toList();
    }

    /** The bytes of all its files together. */
    public long totalBytes() {
        return files.stream().mapToLong(PublishedFile::size).sum();
    }

    /** The same dataset fetched from other mirrors only. */
    public DownloadableDataset withMirrors(List<URI> others) {
        return new DownloadableDataset(name, title, folder, files, others, homePage);
    }
}
