package latentlab.app.train;

import latentlab.core.data.DatasetCatalog;

import java.util.List;

/**
 * An entry of the dataset menu.
 *
 * @param label what the menu shows
 * @param name  the catalogue name; for the folder entry, the prefix alone (a folder is asked for)
 */
public record DatasetChoice(String label, String name) {
    /** The entry that asks for a folder of the user's images. */
    public static final DatasetChoice FOLDER = new DatasetChoice("Folder of images\u2026", DatasetCatalog.FOLDER_PREFIX);

    /** The built-in and downloadable datasets, then the folder entry. */
    public static List<DatasetChoice> standard() {
        return List.of(new DatasetChoice("Synthetic faces (built in)", DatasetCatalog.SYNTHETIC),
                new DatasetChoice("MNIST digits", DatasetCatalog.MNIST),
                new DatasetChoice("Fashion-MNIST", DatasetCatalog.FASHION_MNIST),
                new DatasetChoice("Frey Face", DatasetCatalog.FREY),
                FOLDER);
    }

    /** The entry for a loaded dataset name: a standard one, or a folder entry naming the folder. */
    public static DatasetChoice of(String name) {
        return standard().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseGet(() -> new DatasetChoice("Folder: " + name.substring(Math.min(name.length(),
                        DatasetCatalog.FOLDER_PREFIX.length())), name));
    }

    /** Whether this entry asks for a folder. */
    public boolean asksForFolder() {
        return this.equals(FOLDER);
    }

    @Override
    public String toString() {
        return label;
    }
}
