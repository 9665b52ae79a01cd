package latentlab.app.common;

import javafx.beans.value.ObservableIntegerValue;
import javafx.collections.ObservableList;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tooltip;

import java.util.stream.IntStream;

/**
 * A choice of one latent dimension, 0 to the latent size less one, that keeps showing its value when the
 * latent size changes. Its list of dimensions grows or shrinks at its end: a {@link ChoiceBox} whose
 * selected item is removed from its list, even to be put back (a new list, or {@code setAll}), clears its
 * selection, and the manifold's and the map's boxes went blank (with no value) whenever a new model had
 * another latent size, while the views went on using dimensions 0 and 1.
 */
public final class DimensionChoice {
    private DimensionChoice() {
    }

    /**
     * @param id     the box's id
     * @param tip    its tooltip
     * @param latent the latent size, which the box follows for as long as it lives
     */
    public static ChoiceBox<Integer> create(String id, String tip, ObservableIntegerValue latent) {
        ChoiceBox<Integer> box = new ChoiceBox<>();
        box.setId(id);
        box.setTooltip(new Tooltip(tip));
        ObservableList<Integer> items = box.getItems();
        Runnable follow = () -> {                  // the items are always 0..size-1: only the tail changes
            int size = Math.max(0, latent.get());
            if (items.size() > size) {
                items.remove(size, items.size());                        // a value removed here is cleared
            } else if (items.size() < size) {
                items.addAll(IntStream.range(items.size(), size).boxed().toList());
            }
        };
        follow.run();
        latent.addListener(o -> follow.run());
        return box;
    }
}
