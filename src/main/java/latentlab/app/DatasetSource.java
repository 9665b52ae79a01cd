package latentlab.app;

import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;

/**
 * Where the app gets its datasets by catalogue name: the {@link DatasetCatalog} in the app; in tests,
 * small subsets so that training takes seconds.
 */
public interface DatasetSource {
    /**
     * Loads a dataset.
     *
     * @throws latentlab.core.data.DatasetException with a message for the window when it is missing or bad
     */
    Dataset load(String name);

    /** Whether {@link #load} can succeed without a download. */
    boolean present(String name);

    /** The catalogue over the data folders that {@code locator} searches. */
    static DatasetSource catalog(DataLocator locator) {
        return new DatasetSource() {
            @Override
            public Dataset load(String name) {
                return DatasetCatalog.load(name, locator);
            }

            @Override
            public boolean present(String name) {
                return DatasetCatalog.present(name, locator);
            }
        };
    }

    /** The same datasets cut to at most {@code train} training and {@code test} test images. */
    default DatasetSource limitedTo(int train, int test) {
        DatasetSource full = this;
        return new DatasetSource() {
            @Override
            public Dataset load(String name) {
                return full.load(name).subset(train, test);
            }

            @Override
            public boolean present(String name) {
                return full.present(name);
            }
        };
    }
}
