package latentlab.core.data.download;

import latentlab.core.data.DatasetCatalog;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The downloadable datasets: their published files with sizes and SHA-256 checksums (as listed in
 * {@code shared/datasets/README.md}) and the mirrors they are fetched from, the authors' home first where
 * it still serves the files.
 */
public final class DownloadCatalog {
    private static final List<URI> MNIST_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));
    private static final List<URI> FASHION_MNIST_MIRRORS = List.of(
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"));
    private static final List<URI> FREY_MIRRORS = List.of(URI.create("https://cs.nyu.edu/~roweis/data/"));

    private static final DownloadableDataset MNIST = new DownloadableDataset(DatasetCatalog.MNIST, "MNIST",
            DatasetCatalog.MNIST,
            List.of(idx(0, 9_912_422L, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    idx(1, 28_881L, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    idx(2, 1_648_877L, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    idx(3, 4_542L, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
            MNIST_MIRRORS, "http://yann.lecun.com/exdb/mnist/");
    private static final DownloadableDataset FASHION_MNIST = new DownloadableDataset(DatasetCatalog.FASHION_MNIST,
            "Fashion-MNIST", DatasetCatalog.FASHION_MNIST,
            List.of(idx(0, 26_421_880L, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                    idx(1, 29_515L, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                    idx(2, 4_422_102L, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                    idx(3, 5_148L, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")),
            FASHION_MNIST_MIRRORS, "https://github.com/zalandoresearch/fashion-mnist");
    private static final DownloadableDataset FREY = new DownloadableDataset(DatasetCatalog.FREY, "Frey Face",
            DatasetCatalog.FREY,
            List.of(new PublishedFile(DatasetCatalog.FREY_FILE, 1_100_584L,
                    "265a83a23adb081755cd3de375509828e690324d1d60f076b8ecebc840d59c64")),
            FREY_MIRRORS, "https://cs.nyu.edu/~roweis/data.html");

    private final List<DownloadableDataset> datasets;

    private DownloadCatalog(List<DownloadableDataset> datasets) {
        this.datasets = List.copyOf(datasets);
    }

    /** The datasets from their public homes and well-known mirrors. */
    public static DownloadCatalog published() {
        return new DownloadCatalog(List.of(MNIST, FASHION_MNIST, FREY));
    }

    /** A catalogue of the given datasets, for other mirrors than the published ones. */
    public static DownloadCatalog of(List<DownloadableDataset> datasets) {
        return new DownloadCatalog(datasets);
    }

    /**
     * The same datasets, every one fetched from one server laid out like a data folder:
     * {@code root/mnist/train-images-idx3-ubyte.gz}, {@code root/frey/frey_rawface.mat}, ... For a local
     * mirror, and for tests.
     */
    public static DownloadCatalog mirroredAt(URI root) {
        URI base = root.getPath().endsWith("/") ? root : URI.create(root + "/");
        return new DownloadCatalog(published().datasets.stream()
                .map(s -> s.withMirrors(List.of(base.resolve(s.folder() + "/")))).toList());
    }

    /** Every downloadable dataset, in catalogue order. */
    public List<DownloadableDataset> all() {
        return datasets;
    }

    /** The source of a dataset by its catalogue name, ignoring case. */
    public Optional<DownloadableDataset> find(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        return datasets.stream().filter(s -> s.name().equals(key)).findFirst();
    }

    /** The source of a dataset by its catalogue name; an unknown name fails naming the valid ones. */
    public DownloadableDataset get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("\"" + name
                + "\" is not a downloadable dataset; these are: " + String.join(", ", names())));
    }

    /** The catalogue names of the downloadable datasets. */
    public List<String> names() {
        return datasets.stream().map(DownloadableDataset::name).toList();
    }

    /** IDX file {@code index} of {@link DatasetCatalog#IDX_FILES} with its published size and SHA-256. */
    private static PublishedFile idx(int index, long size, String sha256) {
        return new PublishedFile(DatasetCatalog.IDX_FILES.get(index), size, sha256);
    }
}
