package latentlab.app.train;

import javafx.beans.property.Property;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;

import java.util.Optional;

/**
 * One row of the settings sheet, backed by a JavaFX property so that the sheet and the view-model
 * always agree (opening a model file updates the sheet).
 *
 * @param <T> the value type the sheet edits: an enum, String, Integer or Double
 */
final class SettingItem<T> implements PropertySheet.Item {
    private final String category;
    private final String name;
    private final String description;
    private final Class<T> type;
    private final Property<? super T> property;

    SettingItem(String category, String name, String description, Class<T> type, Property<? super T> property) {
        this.category = category;
        this.name = name;
        this.description = description;
        this.type = type;
        this.property = property;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public String getCategory() {
        return category;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Object getValue() {
        Object v = property.getValue();
        if (v instanceof Number n) {
            return type == Integer.class ? Integer.valueOf(n.intValue()) : Double.valueOf(n.doubleValue());
        }
        return v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void setValue(Object value) {
        if (value == null) {
            return;
        }
        Object v = value;
        if (value instanceof Number n) {
            v = type == Integer.class ? Integer.valueOf(n.intValue()) : Double.valueOf(n.doubleValue());
        }
        ((Property<Object>) property).setValue(v);
    }

    @Override
    public Optional<ObservableValue<?>> getObservableValue() {
        return Optional.of(property);
    }
}
